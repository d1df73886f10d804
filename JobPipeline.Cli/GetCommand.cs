using System.ComponentModel;
using JobPipeline.Client;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline get &lt;id&gt;</c>: the job as JSON.</summary>
[Description("Print a job as JSON.")]
public sealed class GetCommand : ApiCommand<JobIdSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, JobIdSettings settings, CancellationToken cancellationToken)
    {
        WriteJson(cli, await client.GetAsync(settings.JobId, cancellationToken));
        return ExitCodes.Ok;
    }
}
