using JobPipeline.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>The <c>jobpipeline</c> command line: its commands, and the exit code of a run.</summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/>; returns its exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("jobpipeline");
            config.Settings.Console = cli.Output;
            config.Settings.CancellationExitCode = 130;
            config.Settings.ExceptionHandler = (e, _) => Fail(cli, e);
            config.AddCommand<SubmitCommand>("submit").WithData(cli)
                .WithExample("submit", "contacts.csv", "--type", "redact", "--option", "mode=mask", "--wait")
                .WithExample("submit", "-", "--type", "json.format", "--option", "indent=2");
            config.AddCommand<WatchCommand>("watch").WithData(cli).WithExample("watch", "<id>");
            config.AddCommand<GetCommand>("get").WithData(cli);
            config.AddCommand<ListCommand>("list").WithData(cli).WithExample("list", "--status", "failed");
            config.AddCommand<ResultCommand>("result").WithData(cli).WithExample("result", "<id>", "-o", "redacted.csv");
            config.AddCommand<CancelCommand>("cancel").WithData(cli);
            config.AddCommand<DeleteCommand>("delete").WithData(cli);
        });
        return await app.RunAsync(WithoutDashes(args), cancellationToken);
    }

    /// <summary>
    /// A bare <c>-</c> (standard input for <c>submit</c>, standard output for <c>result -o</c>) is what leaving the
    /// argument out means already; the parser would take it for an option, so it is dropped (with its <c>-o</c>).
    /// </summary>
    private static string[] WithoutDashes(string[] args)
    {
        var kept = new List<string>(args.Length);
        foreach (string arg in args)
        {
            if (arg != "-")
            {
                kept.Add(arg);
            }
            else if (kept.Count > 0 && kept[^1] is "-o" or "--output")
            {
                kept.RemoveAt(kept.Count - 1);
            }
        }

        return [.. kept];
    }

    private static int Fail(CliContext cli, Exception e)
    {
        switch (e)
        {
            case CommandParseException or CommandRuntimeException:
                cli.Errors.MarkupLineInterpolated($"[red]{e.Message}[/]");
                cli.Errors.MarkupLine("Run [bold]jobpipeline --help[/] for usage.");
                return ExitCodes.Usage;
            case JobPipelineRequestException request:
                cli.Errors.MarkupLineInterpolated($"[red]{request.ErrorCode ?? request.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}[/]: {request.Message}");
                return ExitCodes.Of(request);
            case IOException or UnauthorizedAccessException:
                cli.Errors.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.Usage;
            default:
                cli.Errors.WriteException(e);
                return ExitCodes.ServiceUnavailable;
        }
    }
}
