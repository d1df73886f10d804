using FunctionsApp.Engine;
using JobPipeline.Jobs;
using JobPipeline.Retention;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunctionsApp.Retention;

/// <summary>
/// Runs the shared retention sweep on the schedule in the <c>RetentionSchedule</c> app setting (a six-field CRON
/// expression). The sweep forgets each expired job in the engine, which purges its orchestration history, so the
/// timer binds a <see cref="DurableTaskClient"/> for <see cref="DurableJobEngine"/>.
/// </summary>
public sealed class RetentionTimer(RetentionSweeper sweeper)
{
    /// <summary>The timer function.</summary>
    [Function(nameof(RetentionTimer))]
    public Task RunAsync(
        [TimerTrigger("%RetentionSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        DurableClientAccessor.RunAsync(durable, async () => { await sweeper.SweepAsync(cancellationToken); });
}
