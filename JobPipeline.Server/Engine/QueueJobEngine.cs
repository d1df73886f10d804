using System.Text.Json;
using Azure.Storage.Queues;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// The server's engine: a job is a message on an Azure Storage queue that a <see cref="QueueWorker"/> receives,
/// runs and deletes. Cancel and forget need nothing of the queue: the projection already says <c>canceled</c>,
/// and a worker that meets a terminal or missing job deletes its message.
/// </summary>
public sealed class QueueJobEngine(QueueClient queue, WorkSignal signal) : IJobEngine
{
    /// <inheritdoc />
    public async Task StartAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        await queue.SendMessageAsync(JsonSerializer.Serialize(job), cancellationToken);
    }

    /// <inheritdoc />
    public Task AcceptedAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        // Wake this instance's worker only now that the row exists: woken at the send, it would look for the row
        // a moment too early and have to look again.
        signal.Notify();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync(JobRef job, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default) =>
        Task.FromResult<EngineJobState?>(null);
}
