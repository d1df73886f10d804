using System.Text;
using System.Text.Json;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Support;

/// <summary>
/// Job types that exist only in tests, to drive the pipeline into the situations it must survive:
/// <c>test.echo</c> returns its input (<c>{"text": "...", "repeat": n}</c> makes a large result),
/// <c>test.sleep</c> waits <c>{"ms": n}</c> observing cancellation, <c>test.flaky</c> throws a transient error on
/// every attempt, <c>test.broken</c> fails the job with a non-retryable error, <c>test.crash</c> throws a bug.
/// </summary>
public static class TestProcessors
{
    public static IEnumerable<IJobProcessor> All =>
    [
        new Echo(), new Sleep(), new Flaky(), new Broken(), new Crash(),
    ];

    public sealed class Echo : IJobProcessor
    {
        public string Type => "test.echo";

        public IReadOnlyCollection<string> DocumentContentTypes => ["text/plain", "application/json"];

        public JobError? Validate(JobRequest request) =>
            request.Input is { ValueKind: not JsonValueKind.Object } ? JobError.Validation("input", "input must be an object") : null;

        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            string text;
            int repeat = 1;
            if (execution.Input.IsDocument)
            {
                await using Stream stream = await execution.Input.OpenReadAsync(cancellationToken);
                text = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
            }
            else
            {
                JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
                text = input.TryGetProperty("text", out JsonElement t) ? t.GetString() ?? "" : "";
                repeat = input.TryGetProperty("repeat", out JsonElement r) ? r.GetInt32() : 1;
            }

            await using Stream output = await execution.Result.OpenAsync("text/plain", ResultForm.Text, cancellationToken);
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < repeat; i++)
            {
                await output.WriteAsync(bytes, cancellationToken);
            }

            return new JobProcessorOutcome(new() { ["length"] = (long)bytes.Length * repeat });
        }
    }

    public sealed class Sleep : IJobProcessor
    {
        public string Type => "test.sleep";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
            int ms = input.GetProperty("ms").GetInt32();
            for (int waited = 0; waited < ms; waited += 20)
            {
                await Task.Delay(20, cancellationToken);
                execution.Progress.Report(waited * 100 / ms);
            }

            await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
            await output.WriteAsync("{\"slept\":true}"u8.ToArray(), cancellationToken);
            return new JobProcessorOutcome();
        }
    }

    public sealed class Flaky : IJobProcessor
    {
        public string Type => "test.flaky";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default) =>
            throw new IOException("A transient failure, on every attempt.");
    }

    public sealed class Broken : IJobProcessor
    {
        public string Type => "test.broken";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default) =>
            throw new JobProcessingException(new JobError("BROKEN_INPUT", "The input cannot be processed."));
    }

    public sealed class Crash : IJobProcessor
    {
        public string Type => "test.crash";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internal detail: connection string=abc");
    }
}
