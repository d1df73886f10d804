using System.ComponentModel;
using JobPipeline.Client;
using Spectre.Console;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline result &lt;id&gt; [-o file]</c>: the result's bytes (a document job's output document).</summary>
[Description("Download a completed job's result (a document job's output document); exit 1 if the job has not completed.")]
public sealed class ResultCommand : ApiCommand<ResultSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, ResultSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Output is null or "-")
        {
            await using Stream stdout = cli.Environment.OpenStandardOutput();
            await client.DownloadResultAsync(settings.JobId, stdout, cancellationToken);
            return ExitCodes.Ok;
        }

        // Written beside the target and moved into place, so that a failed download leaves no half file behind.
        string target = Path.GetFullPath(settings.Output);
        string partial = target + ".partial";
        JobResultDownload download;
        try
        {
            await using (FileStream file = File.Create(partial))
            {
                download = await client.DownloadResultAsync(settings.JobId, file, cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        cli.Errors.MarkupLineInterpolated($"Wrote {download.Bytes} bytes ({download.ContentType}) to {target}");
        return ExitCodes.Ok;
    }
}
