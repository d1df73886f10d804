using FunctionsApp.Engine;
using FunctionsApp.Tests.Support;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// FunctionsApp's start activity (<see cref="JobStepActivities.StartAsync(JobRef, CancellationToken)"/>, the very method) when it comes before
/// the job's row: the submitter tells the engine first and writes the row a moment later. The activity looks again
/// within <see cref="DurableEngineOptions.StartRowWait"/> instead of failing for a durable retry timer. Its pauses
/// run on a fake clock, so the tests decide when the row appears and how much time passes.
/// </summary>
public sealed class StartActivityTests
{
    [Fact]
    public async Task A_row_written_while_the_start_activity_waits_is_started_by_the_same_activity()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory);
        var time = new WaitWatchingTimeProvider();
        JobStepActivities activity = Activity(app, time, TimeSpan.FromSeconds(1));
        var job = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));

        Task<StartStepResult> start = activity.StartAsync(job, CancellationToken.None);
        await time.FirstWait.WaitAsync(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<JobTable>().InsertAsync(QueuedRow(job));
        StartStepResult result = await AdvanceUntilDoneAsync(time, start);
        JobRecord? row = await app.Services.GetRequiredService<JobTable>().GetAsync(job);

        Assert.True(result.Proceed);
        Assert.Equal(JobStatus.Processing, result.Status);
        Assert.Equal(JobStatus.Processing, row!.Status);
    }

    [Fact]
    public async Task A_row_that_never_appears_fails_the_start_activity_once_its_wait_is_over()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory);
        var time = new WaitWatchingTimeProvider();
        JobStepActivities activity = Activity(app, time, TimeSpan.FromSeconds(1));
        var job = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));
        DateTimeOffset began = time.GetUtcNow();

        Task<StartStepResult> start = activity.StartAsync(job, CancellationToken.None);
        JobRowMissingException missing = await Assert.ThrowsAsync<JobRowMissingException>(() => AdvanceUntilDoneAsync(time, start));

        // Pauses of 20, 50, 100, then 200 ms while the next one still ends within the second: 8 looks, 970 ms.
        Assert.Equal(job, missing.Job);
        Assert.Equal(7, time.Waits);
        Assert.Equal(TimeSpan.FromMilliseconds(970), time.GetUtcNow() - began);
    }

    [Fact]
    public async Task With_no_wait_configured_a_missing_row_fails_the_start_activity_at_once()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory);
        var time = new WaitWatchingTimeProvider();
        JobStepActivities activity = Activity(app, time, TimeSpan.Zero);
        var job = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));

        await Assert.ThrowsAsync<JobRowMissingException>(() => activity.StartAsync(job, CancellationToken.None));

        Assert.Equal(0, time.Waits);
    }

    [Fact]
    public async Task The_wait_is_read_from_configuration_and_a_wait_over_ten_seconds_is_invalid()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(
            DurableEngineKind.InMemory, new Dictionary<string, string?> { ["JobPipeline:Durable:StartRowWait"] = "00:00:00.300" });
        var invalid = new DurableEngineOptions { StartRowWait = TimeSpan.FromMinutes(1) };

        DurableEngineOptions bound = app.Services.GetRequiredService<IOptions<DurableEngineOptions>>().Value;
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        bool valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(invalid, new(invalid), errors, validateAllProperties: true);

        Assert.Equal(TimeSpan.FromMilliseconds(300), bound.StartRowWait);
        Assert.Equal(TimeSpan.FromSeconds(1), new DurableEngineOptions().StartRowWait);
        Assert.False(valid);
    }

    private static JobStepActivities Activity(FunctionsAppHost app, TimeProvider time, TimeSpan wait) =>
        new(app.Services.GetRequiredService<JobSteps>(), Options.Create(new DurableEngineOptions { StartRowWait = wait }), time, app.Services.GetRequiredService<DeferredJobs>());

    private static JobRecord QueuedRow(JobRef job) => new()
    {
        Tenant = job.Tenant,
        JobId = job.JobId,
        Type = "test.echo",
        Status = JobStatus.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        InputInline = """{"text":"late row"}"""u8.ToArray(),
    };

    /// <summary>
    /// Ends each pause of the activity as soon as it has begun, by moving the fake clock on by exactly that pause, until
    /// the activity has returned (bounded by real time, generous for a loaded machine).
    /// </summary>
    private static async Task<T> AdvanceUntilDoneAsync<T>(WaitWatchingTimeProvider time, Task<T> work)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        int ended = 0;
        while (!work.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (time.Waits > ended)
            {
                ended = time.Waits;
                time.Advance(time.LastDue);
            }
            else
            {
                await Task.WhenAny(work, Task.Delay(5));
            }
        }

        return await work;
    }

    /// <summary>A fake clock that tells when, and how often, something has started to wait on it.</summary>
    private sealed class WaitWatchingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _firstWait = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waits;

        public Task FirstWait => _firstWait.Task;

        public int Waits => Volatile.Read(ref _waits);

        public TimeSpan LastDue { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            LastDue = dueTime;
            Interlocked.Increment(ref _waits);
            _firstWait.TrySetResult();
            return timer;
        }
    }
}
