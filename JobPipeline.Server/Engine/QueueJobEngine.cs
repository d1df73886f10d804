using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// The server's engine: a job is a message on an Azure Storage queue that a <see cref="QueueWorker"/> receives,
/// runs and deletes. Cancel needs nothing of the queue: the projection already says <c>canceled</c>, and a worker
/// that meets a terminal or missing job deletes its message. Forget deletes the message of a job this instance sent
/// and no worker has received yet (a received one is deleted by its worker; one sent by another instance is dropped
/// by the worker that meets its missing row).
/// </summary>
public sealed class QueueJobEngine(QueueClient queue, WorkSignal signal, TimeProvider time) : IJobEngine
{
    private const int MaxRemembered = 10_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string MessageId, string PopReceipt, DateTimeOffset SentAt)> _sent = new();

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task StartAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        var message = new JobMessage(job.Tenant, job.JobId, TraceParent: Telemetry.JobTelemetry.CurrentTraceParent());
        SendReceipt receipt = (await queue.SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken)).Value;
        Remember(job.JobId, receipt);
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
    public async Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default)
    {
        if (_sent.TryRemove(job.JobId, out (string MessageId, string PopReceipt, DateTimeOffset SentAt) sent))
        {
            try
            {
                await queue.DeleteMessageAsync(sent.MessageId, sent.PopReceipt, cancellationToken);
            }
            catch (RequestFailedException)
            {
                // Received since (its receipt changed) or already gone: its worker deletes it.
            }
        }
    }

    /// <inheritdoc />
    public Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default) =>
        Task.FromResult<EngineJobState?>(null);

    private void Remember(string jobId, SendReceipt receipt)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_sent.Count >= MaxRemembered)
        {
            // Bounded: old entries are of messages long since received; forgetting them costs nothing but this shortcut.
            foreach ((string id, (string MessageId, string PopReceipt, DateTimeOffset SentAt) entry) in _sent)
            {
                if (now - entry.SentAt > RememberFor || _sent.Count >= MaxRemembered)
                {
                    _sent.TryRemove(id, out _);
                }
            }
        }

        _sent[jobId] = (receipt.MessageId, receipt.PopReceipt, now);
    }
}
