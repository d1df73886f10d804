using Azure.Core;
using JobPipeline.Jobs;
using JobPipeline.Server.Retention;
using JobPipeline.Tests.Jobs;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Server;

public sealed class RetentionTimerTests
{
    [Fact]
    public async Task The_timer_sweeps_every_interval_and_a_failing_sweep_does_not_stop_it()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.RetentionSweepInterval = TimeSpan.FromMinutes(1));
        JobRef job = await rig.AddFinishedAsync();
        rig.Time.Advance(TimeSpan.FromHours(25));
        int queries = 0;
        rig.Counter.Fault = m => IsIndexQuery(rig, m) && Interlocked.Increment(ref queries) == 1; // the first sweep fails
        var timer = new RetentionTimer(rig.Sweeper(), Options.Create(rig.Options), rig.Time, NullLogger<RetentionTimer>.Instance);
        await timer.StartAsync(CancellationToken.None);

        await Task.Delay(200);
        int beforeFirstTick = Volatile.Read(ref queries);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => Volatile.Read(ref queries) >= 1);
        JobStatus afterFailedSweep = (await rig.Jobs.GetAsync(job))!.Status;
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(async () => (await rig.Jobs.GetAsync(job))!.Status == JobStatus.Expired);
        await timer.StopAsync(CancellationToken.None);

        Assert.Equal(0, beforeFirstTick);
        Assert.Equal(JobStatus.Completed, afterFailedSweep);
        Assert.Equal(2, Volatile.Read(ref queries));
    }

    private static bool IsIndexQuery(RetentionRig rig, HttpMessage message) =>
        message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith($"/{rig.IndexTableName}()", StringComparison.Ordinal);

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 10 s.");
            await Task.Delay(20);
        }
    }
}
