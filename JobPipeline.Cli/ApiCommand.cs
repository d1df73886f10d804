using System.Text.Json;
using JobPipeline.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>
/// A command that talks to the service: builds the client from flags or environment, and turns the service's
/// errors into a message on standard error and an exit code (<see cref="ExitCodes"/>).
/// </summary>
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract class ApiCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : ApiSettings
{
    /// <summary>Where a service runs when neither <c>--url</c> nor <c>JOBPIPELINE_URL</c> says otherwise (<c>./run.sh</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var cli = (CliContext)context.Data!;
        string? key = settings.ApiKey ?? cli.Environment.Variable(CliEnvironment.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            cli.Errors.MarkupLine($"[red]No API key:[/] give --api-key or set {CliEnvironment.ApiKeyVariable}.");
            return ExitCodes.Unauthorized;
        }

        string url = settings.Url ?? cli.Environment.Variable(CliEnvironment.UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            cli.Errors.MarkupLineInterpolated($"[red]Not an http(s) URL:[/] {url}");
            return ExitCodes.Usage;
        }

        var client = new JobPipelineClient(endpoint, key, new JobPipelineClientOptions { Transport = cli.Environment.Transport });
        try
        {
            return await RunAsync(cli, client, settings, cancellationToken);
        }
        catch (JobPipelineRequestException e)
        {
            string code = e.ErrorCode ?? (e.Status == 0 ? "UNREACHABLE" : e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cli.Errors.MarkupLineInterpolated($"[red]{code}[/]: {e.Message}");
            if (e.RequestId is not null)
            {
                cli.Errors.MarkupLineInterpolated($"[grey]request id: {e.RequestId}[/]");
            }

            return ExitCodes.Of(e);
        }
    }

    /// <summary>Runs the command with a ready client; returns the exit code.</summary>
    protected abstract Task<int> RunAsync(CliContext cli, JobPipelineClient client, TSettings settings, CancellationToken cancellationToken);

    private static readonly JsonSerializerOptions Printed = new(JobPipelineJsonContext.Default.Options)
    {
        // Printed for people and jq, not embedded in HTML: quotes and '<' as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a job as one line of JSON to standard output, as the API shows it.</summary>
    protected static void WriteJson(CliContext cli, Job job) =>
        cli.Output.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(job, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Job>)Printed.GetTypeInfo(typeof(Job))));

    /// <summary>Follows the job with a live progress bar on standard error until it is terminal; returns it.</summary>
    protected static async Task<Job> WatchAsync(CliContext cli, JobPipelineClient client, string jobId, CancellationToken cancellationToken)
    {
        Job? last = null;
        await cli.Errors.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                ProgressTask task = progress.AddTask(Markup.Escape(jobId), maxValue: 100);
                await foreach (Job job in client.WatchAsync(jobId, cancellationToken))
                {
                    last = job;
                    task.Value = job.Progress;
                    task.Description = Markup.Escape($"{jobId} {job.Status.ToWire()}");
                }

                task.StopTask();
            });
        return last!;
    }

    /// <summary>
    /// Reports a terminal job (<c>id status</c>) on standard output, or on standard error when
    /// <paramref name="toOutput"/> is false, and its error, if any, on standard error; returns the exit code.
    /// </summary>
    protected static int Report(CliContext cli, Job job, bool toOutput = true)
    {
        (toOutput ? cli.Output.Profile.Out.Writer : cli.Errors.Profile.Out.Writer).WriteLine($"{job.JobId} {job.Status.ToWire()}");
        if (job.Error is { } error)
        {
            cli.Errors.MarkupLineInterpolated($"[red]{error.Code}[/]: {error.Message}");
        }

        return ExitCodes.Of(job);
    }
}
