using Azure.Storage.Queues;
using JobPipeline.Telemetry;

namespace JobPipeline.Server.Engine;

/// <summary>
/// Feeds <c>jobpipeline.queue.depth</c> from the job queue's approximate message count. The gauge is read when metrics
/// are collected; the count is fetched in the background at most every <see cref="RefreshAfter"/>, so reading the
/// gauge never waits on storage and a quiet service spends no calls on it when nothing collects metrics.
/// </summary>
internal sealed class QueueDepthGauge(QueueClient queue, JobMetrics metrics, TimeProvider time) : IHostedService
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);
    private long _depth = -1;
    // Never refreshed: 0 (long.MinValue would overflow the subtraction below and never refresh at all).
    private long _refreshedAtTicks;
    private int _refreshing;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveQueueDepthWith(queue.Name, Read);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private long? Read()
    {
        long now = time.GetUtcNow().UtcTicks;
        if (now - Interlocked.Read(ref _refreshedAtTicks) > RefreshAfter.Ticks && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshAsync(now);
        }

        long depth = Interlocked.Read(ref _depth);
        return depth < 0 ? null : depth;
    }

    private async Task RefreshAsync(long now)
    {
        try
        {
            Interlocked.Exchange(ref _depth, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
            Interlocked.Exchange(ref _refreshedAtTicks, now);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or IOException or HttpRequestException)
        {
            // Storage in trouble (counted by the storage error metric): the gauge shows the last count it had.
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
