using System.ComponentModel;
using JobPipeline.Client;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline cancel &lt;id&gt;</c>.</summary>
[Description("Cancel a queued or processing job (exit 1 if it had already ended).")]
public sealed class CancelCommand : ApiCommand<JobIdSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, JobIdSettings settings, CancellationToken cancellationToken)
    {
        Job job = await client.CancelAsync(settings.JobId, cancellationToken);
        cli.Output.Profile.Out.Writer.WriteLine($"{job.JobId} {job.Status.ToWire()}");
        return ExitCodes.Ok;
    }
}
