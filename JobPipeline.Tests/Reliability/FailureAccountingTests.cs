using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// Retries are counted exactly: a processor that keeps failing transiently runs the configured number of attempts and
/// the job ends <c>failed</c> saying so; an error that is the job's fault runs once.
/// </summary>
public sealed class FailureAccountingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CountingProcessor _transient = new("test.count.transient", () => throw new IOException("transient"));
    private readonly CountingProcessor _retryable = new("test.count.retryable", () => throw new JobProcessingException(new JobError("BUSY", "Try later.", Retryable: true)));
    private readonly CountingProcessor _fatal = new("test.count.fatal", () => throw new JobProcessingException(new JobError("BAD_INPUT", "Cannot be processed.")));
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(
        await Azurite.Shared,
        new Dictionary<string, string?> { ["JobPipeline:MaxAttempts"] = "4" },
        services =>
        {
            services.AddSingleton<IJobProcessor>(_transient);
            services.AddSingleton<IJobProcessor>(_retryable);
            services.AddSingleton<IJobProcessor>(_fatal);
        }, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("test.count.transient")]
    [InlineData("test.count.retryable")]
    public async Task A_processor_that_keeps_failing_transiently_runs_exactly_the_configured_attempts_and_ends_failed(string type)
    {
        HttpClient client = _server.Client();
        CountingProcessor processor = type == _transient.Type ? _transient : _retryable;

        string id = await client.SubmitIdAsync(type, new { });
        JsonObject job = await client.WaitAsync(id);
        await Task.Delay(500);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("PROCESSING_FAILED", job["error"]!["code"]!.GetValue<string>());
        Assert.Equal(4, job["error"]!["details"]!["attempts"]!.GetValue<int>());
        Assert.Equal(4, processor.Calls(id));
    }

    [Fact]
    public async Task A_job_error_that_is_not_transient_runs_once_and_is_not_retried()
    {
        HttpClient client = _server.Client();

        string id = await client.SubmitIdAsync(_fatal.Type, new { });
        JsonObject job = await client.WaitAsync(id);
        await Task.Delay(500);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("BAD_INPUT", job["error"]!["code"]!.GetValue<string>());
        Assert.False(job["error"]!["retryable"]!.GetValue<bool>());
        Assert.Equal(1, _fatal.Calls(id));
    }

    /// <summary>Counts its invocations per job, then does what <c>behaviour</c> says (throw).</summary>
    private sealed class CountingProcessor(string type, Action behaviour) : IJobProcessor
    {
        private readonly Dictionary<string, int> _calls = [];

        public string Type => type;

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public int Calls(string jobId)
        {
            lock (_calls)
            {
                return _calls.GetValueOrDefault(jobId);
            }
        }

        public JobError? Validate(JobRequest request) => null;

        public Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            lock (_calls)
            {
                _calls[execution.JobId] = _calls.GetValueOrDefault(execution.JobId) + 1;
            }

            behaviour();
            return Task.FromResult(new JobProcessorOutcome());
        }
    }
}
