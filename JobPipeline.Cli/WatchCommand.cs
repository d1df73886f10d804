using System.ComponentModel;
using JobPipeline.Client;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline watch &lt;id&gt;</c>: a live progress bar until the job ends; exit 0 when it completed, 1 otherwise.</summary>
[Description("Follow a job with a live progress bar until it ends (server long-poll); exit 0 if it completed, 1 if not.")]
public sealed class WatchCommand : ApiCommand<JobIdSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, JobIdSettings settings, CancellationToken cancellationToken) =>
        Report(cli, await WatchAsync(cli, client, settings.JobId, cancellationToken));
}
