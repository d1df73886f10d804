using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Client;
using Spectre.Console;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline submit &lt;file|-&gt; --type T [--option k=v …] [--callback-url URL] [--wait]</c>: prints the job id.</summary>
[Description("Submit a document (or, with --json-input, a JSON input) as a job; prints the job id.")]
public sealed class SubmitCommand : ApiCommand<SubmitSettings>
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".text"] = "text/plain",
        [".log"] = "text/plain",
        [".csv"] = "text/csv",
        [".json"] = "application/json",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, SubmitSettings settings, CancellationToken cancellationToken)
    {
        bool stdin = settings.File is null or "-";
        string? contentType = settings.ContentType ?? (stdin ? "text/plain" : ContentTypes.GetValueOrDefault(Path.GetExtension(settings.File!)));
        if (!settings.JsonInput && contentType is null)
        {
            cli.Errors.MarkupLineInterpolated($"[red]Unknown content type[/] of {settings.File}: give --content-type.");
            return ExitCodes.Usage;
        }

        if (!stdin && !File.Exists(settings.File!))
        {
            cli.Errors.MarkupLineInterpolated($"[red]No such file:[/] {settings.File}");
            return ExitCodes.Usage;
        }

        var options = new SubmitJobOptions
        {
            Options = ParseOptions(settings.Options),
            IdempotencyKey = settings.IdempotencyKey,
            CallbackUrl = settings.CallbackUrl is null ? null : new Uri(settings.CallbackUrl),
        };
        Job job;
        await using (Stream input = stdin ? cli.Environment.OpenStandardInput() : File.OpenRead(settings.File!))
        {
            if (settings.JsonInput)
            {
                JsonNode? node;
                try
                {
                    node = await JsonNode.ParseAsync(input, cancellationToken: cancellationToken);
                }
                catch (JsonException e)
                {
                    cli.Errors.MarkupLineInterpolated($"[red]Not JSON[/] ({settings.File ?? "standard input"}): {e.Message}");
                    return ExitCodes.Usage;
                }

                job = await client.SubmitAsync(settings.Type!, node ?? JsonValue.Create((string?)null)!, options, cancellationToken);
            }
            else
            {
                job = await client.SubmitAsync(settings.Type!, input, contentType!, options, cancellationToken);
            }
        }

        cli.Output.Profile.Out.Writer.WriteLine(job.JobId);
        return settings.Wait ? Report(cli, await WatchAsync(cli, client, job.JobId, cancellationToken), toOutput: false) : ExitCodes.Ok;
    }

    private static JsonObject ParseOptions(IEnumerable<string> pairs)
    {
        var options = new JsonObject();
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = pair[..equals];
            string text = pair[(equals + 1)..];
            JsonNode? value;
            try
            {
                value = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                value = JsonValue.Create(text);
            }

            options[name] = value;
        }

        return options;
    }
}
