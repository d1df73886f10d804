using System.Text.Json;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Bench;

/// <summary>
/// <c>bench.trace</c>: a tiny job that says which run produced its result. Each run appends "job id, run id, process id"
/// to <c>{BENCH_RUN_LOG}.{pid}</c> and returns <c>{"job_id", "run", "pid", "input"}</c>, so that after a scale-out run
/// the bench can tell whether a job ran more than once, and whether the result a client reads came from one of its runs.
/// </summary>
public sealed class TraceProcessor : IJobProcessor
{
    private static readonly Lock LogLock = new();

    /// <inheritdoc />
    public string Type => "bench.trace";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes => [];

    /// <inheritdoc />
    public JobError? Validate(JobRequest request) => null;

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
        string run = Guid.NewGuid().ToString("N");
        if (Environment.GetEnvironmentVariable("BENCH_RUN_LOG") is { Length: > 0 } log)
        {
            lock (LogLock)
            {
                File.AppendAllText($"{log}.{Environment.ProcessId}", $"{execution.JobId} {run} {Environment.ProcessId}\n");
            }
        }

        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("job_id", execution.JobId);
        writer.WriteString("run", run);
        writer.WriteNumber("pid", Environment.ProcessId);
        writer.WritePropertyName("input");
        input.WriteTo(writer);
        writer.WriteEndObject();
        return new JobProcessorOutcome();
    }
}
