using System.ComponentModel;
using System.Globalization;
using JobPipeline.Client;
using Spectre.Console;

namespace JobPipeline.Cli;

/// <summary><c>jobpipeline list</c>: the tenant's jobs, newest first.</summary>
[Description("List jobs, newest first (pages followed as needed).")]
public sealed class ListCommand : ApiCommand<ListSettings>
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CliContext cli, JobPipelineClient client, ListSettings settings, CancellationToken cancellationToken)
    {
        Table table = new Table().AddColumns("job id", "type", "status", "progress", "created");
        int shown = 0;
        await foreach (Job job in client.ListAsync(settings.ParsedStatus, settings.Type, Math.Min(settings.Limit, 100), cancellationToken))
        {
            if (settings.Json)
            {
                WriteJson(cli, job);
            }
            else
            {
                table.AddRow(
                    Markup.Escape(job.JobId),
                    Markup.Escape(job.Type),
                    job.Status.ToWire(),
                    job.Progress.ToString(CultureInfo.InvariantCulture) + "%",
                    job.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            if (++shown >= settings.Limit)
            {
                break;
            }
        }

        if (!settings.Json)
        {
            cli.Output.Write(table);
        }

        return ExitCodes.Ok;
    }
}
