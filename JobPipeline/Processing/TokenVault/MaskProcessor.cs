using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// <c>mask</c>: replaces values with tokens from the tenant's vault, <c>[{"token_name", "token_value", "value"}]</c>
/// in request order. The same tenant, token name and value always give the same token.
/// </summary>
internal sealed class MaskProcessor(TokenStore store) : IJobProcessor
{
    public string Type => "mask";

    public IReadOnlyCollection<string> DocumentContentTypes => [];

    // Vault values never rest in clear outside the vault: not in the job's input or result either.
    public bool SealsDataAtRest => true;

    public JobError? Validate(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsDocument
            ? JobError.UnsupportedMediaType(request.DocumentContentType, [])
            : VaultInputReader.ReadMask(request.Input, out _) ?? VaultInputReader.ReadNoOptions(request.Options, Type);
    }

    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
        if (VaultInputReader.ReadMask(input, out IReadOnlyList<MaskItem> items) is { } error)
        {
            throw new JobProcessingException(error);
        }

        IReadOnlyList<string> tokens = await store.MaskAsync(execution.Tenant, items, cancellationToken);

        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            for (int i = 0; i < items.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("token_name", items[i].TokenName);
                writer.WriteString("token_value", tokens[i]);
                writer.WriteString("value", items[i].Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        execution.Progress.Report(100);
        return new JobProcessorOutcome(new JsonObject { ["item_count"] = items.Count });
    }
}
