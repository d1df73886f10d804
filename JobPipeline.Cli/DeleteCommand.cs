using System.ComponentModel;
using JobPipeline.Client;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline delete &lt;id&gt;</c>.</summary>
[Description("Delete a job with its input and result.")]
public sealed class DeleteCommand : ApiCommand<JobIdSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, JobIdSettings settings, CancellationToken cancellationToken)
    {
        await client.DeleteAsync(settings.JobId, cancellationToken);
        cli.Output.Profile.Out.Writer.WriteLine($"{settings.JobId} deleted");
        return ExitCodes.Ok;
    }
}
