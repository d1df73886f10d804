using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// <c>unmask</c>: looks tokens up in the tenant's vault, <c>[{"token_value", "value"}]</c> in request order.
/// A token unknown in this tenant (never made, another tenant's, or a row that no longer decrypts) gives
/// <c>{"token_value", "error": {"code": "TOKEN_NOT_FOUND", "message"}}</c> in its place; the job still completes.
/// </summary>
internal sealed class UnmaskProcessor(TokenStore store) : IJobProcessor
{
    /// <summary>The per-item error code of a token without a value in this tenant.</summary>
    public const string TokenNotFound = Jobs.ErrorCodes.TokenNotFound;

    public string Type => "unmask";

    public IReadOnlyCollection<string> DocumentContentTypes => [];

    // Vault values never rest in clear outside the vault: not in the job's input or result either.
    public bool SealsDataAtRest => true;

    public JobError? Validate(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsDocument
            ? JobError.UnsupportedMediaType(request.DocumentContentType, [])
            : VaultInputReader.ReadUnmask(request.Input, out _) ?? VaultInputReader.ReadNoOptions(request.Options, Type);
    }

    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
        if (VaultInputReader.ReadUnmask(input, out IReadOnlyList<string> tokens) is { } error)
        {
            throw new JobProcessingException(error);
        }

        IReadOnlyList<string?> values = await store.UnmaskAsync(execution.Tenant, tokens, cancellationToken);

        int notFound = 0;
        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            for (int i = 0; i < tokens.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("token_value", tokens[i]);
                if (values[i] is { } value)
                {
                    writer.WriteString("value", value);
                }
                else
                {
                    notFound++;
                    writer.WriteStartObject("error");
                    writer.WriteString("code", TokenNotFound);
                    writer.WriteString("message", "No value is stored for this token.");
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        execution.Progress.Report(100);
        return new JobProcessorOutcome(new JsonObject { ["item_count"] = tokens.Count, ["not_found"] = notFound });
    }
}
