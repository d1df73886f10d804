using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Engine;

/// <summary>
/// A job's attempts are counted exactly once each, whichever path runs it: the queue engine's start counts the first
/// attempt in its move to <c>processing</c> and hands its row to the process step that follows (no write of the count
/// of its own, <see cref="AttemptHandOver"/>); a retry, a redelivery after a crash, and a process step run apart from
/// its start (the Durable engine's activities) count their own.
/// </summary>
public sealed class AttemptCountTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RequestCounter _requests = new();
    private readonly LoseAnswer _lose = new();
    private readonly FailsOnce _failsOnce = new();
    private PipelineFactory _server = null!;
    private string _table = null!;

    public async Task InitializeAsync()
    {
        PipelineFactory? server = null;
        server = new PipelineFactory(
            await Azurite.Shared,
            services: services =>
            {
                services.AddSingleton<IJobProcessor>(_failsOnce);
                services.AddSingleton(_ =>
                {
                    var options = new TableClientOptions();
                    options.Retry.Delay = TimeSpan.FromMilliseconds(10);
                    options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
                    options.AddPolicy(_lose, HttpPipelinePosition.PerRetry);
                    return new TableServiceClient(server!.Azurite.ConnectionString, options);
                });
            },
            output: output);
        _server = server;
        _table = server.Setting("JobPipeline:Storage:JobsTableName");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_queue_engine_counts_the_first_attempt_in_the_starts_move_without_a_write_of_its_own()
    {
        HttpClient client = _server.Client();

        string id = await client.SubmitIdAsync("test.echo", new { text = "once" });
        JsonObject done = await client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(1, (await Jobs.GetAsync(new JobRef("tenant-a", id)))!.Attempts);

        // The row's status moves are transactions with the tenant's counts (POST …/$batch); a count of its own was a PUT.
        Assert.DoesNotContain(_requests.To(_table), r => r.Method == "PUT" && r.Path.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_of_the_process_step_after_a_transient_failure_counts_its_own_attempt()
    {
        HttpClient client = _server.Client();

        string id = await client.SubmitIdAsync(_failsOnce.Type, new { });
        JsonObject done = await client.WaitAsync(id);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(2, _failsOnce.Calls(id));
        Assert.Equal(2, (await Jobs.GetAsync(new JobRef("tenant-a", id)))!.Attempts);
    }

    [Fact]
    public async Task A_worker_that_died_after_the_starts_move_has_its_attempt_counted_and_the_redelivery_counts_the_next()
    {
        JobRef job = await InsertQueuedAsync();

        // A worker took the job, moved it (counting the first attempt), and died before its process step.
        StartStepResult died = await Steps.StartAsync(job, new AttemptHandOver());
        int afterDeath = (await Jobs.GetAsync(job))!.Attempts;
        await _server.Services.GetRequiredService<IJobEngine>().StartAsync(job); // the message, delivered again
        JsonObject done = await _server.Client().WaitAsync(job.JobId);

        Assert.True(died.Proceed);
        Assert.Equal(1, afterDeath);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(2, (await Jobs.GetAsync(job))!.Attempts);
    }

    [Fact]
    public async Task Start_and_process_run_as_steps_of_their_own_count_one_attempt_in_the_process_step()
    {
        JobRef job = await InsertQueuedAsync();

        // The Durable engine without the fused activity: each step an activity, perhaps on different instances.
        StartStepResult start = await Steps.StartAsync(job);
        int afterStart = (await Jobs.GetAsync(job))!.Attempts;
        StepOutcome processed = await Steps.ProcessAsync(job);

        Assert.True(start.Proceed);
        Assert.Equal(0, afterStart);
        Assert.Equal(JobStatus.Completed, processed.Status);
        Assert.Equal(1, (await Jobs.GetAsync(job))!.Attempts);
    }

    [Fact]
    public async Task A_starts_move_whose_answer_was_lost_is_still_its_own_and_counts_one_attempt()
    {
        HttpClient client = _server.Client();
        _lose.Table = _table;

        string id = await client.SubmitIdAsync("test.echo", new { text = "lost answer" });
        JsonObject done = await client.WaitAsync(id);

        Assert.Equal(1, _lose.Lost);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(1, (await Jobs.GetAsync(new JobRef("tenant-a", id)))!.Attempts);
    }

    private JobTable Jobs => _server.Services.GetRequiredService<JobTable>();

    private JobSteps Steps => _server.Services.GetRequiredService<JobSteps>();

    /// <summary>A queued row with no message: only the test runs its steps (until it sends one).</summary>
    private async Task<JobRef> InsertQueuedAsync()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var job = new JobRef("tenant-a", JobId.New(now));
        await Jobs.InsertAsync(new JobRecord
        {
            Tenant = job.Tenant,
            JobId = job.JobId,
            Type = "test.echo",
            Status = JobStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            InputInline = """{"text":"steps"}"""u8.ToArray(),
        });
        return job;
    }

    /// <summary>Lets the first move of a row in <see cref="Table"/> to <c>processing</c> through, then throws its answer away.</summary>
    private sealed class LoseAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public string? Table { get; set; }

        public int Lost => Volatile.Read(ref _lost);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            bool start = Table is not null && RequestCounter.BatchText(message) is { } batch
                && batch.Contains($"/{Table}(", StringComparison.Ordinal) && batch.Contains("\"Status\":\"processing\"", StringComparison.Ordinal);
            await ProcessNextAsync(message, pipeline);
            if (start && message.Response.Status == 202 && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
            {
                throw new IOException("The connection broke before the answer arrived.");
            }
        }
    }

    /// <summary>Fails each job's first attempt with a transient error and answers "ok" on the next.</summary>
    private sealed class FailsOnce : IJobProcessor
    {
        private readonly Dictionary<string, int> _calls = [];

        public string Type => "test.fails.once";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public int Calls(string jobId)
        {
            lock (_calls)
            {
                return _calls.GetValueOrDefault(jobId);
            }
        }

        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            int call;
            lock (_calls)
            {
                call = _calls[execution.JobId] = _calls.GetValueOrDefault(execution.JobId) + 1;
            }

            if (call == 1)
            {
                throw new IOException("A transient failure, on the first attempt only.");
            }

            await using Stream output = await execution.Result.OpenAsync("text/plain", ResultForm.Text, cancellationToken);
            await output.WriteAsync("ok"u8.ToArray(), cancellationToken);
            return new JobProcessorOutcome();
        }
    }
}
