using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.Extensions.Options;

namespace JobPipeline.Server.Engine;

/// <summary>
/// Receives job messages and runs <see cref="JobWorkflow"/> for each, up to <see cref="QueueEngineOptions.Concurrency"/>
/// at once. A message is deleted only once its job is terminal; while it runs its visibility is renewed, so the
/// job of a worker that died reappears and runs again, and after <see cref="QueueEngineOptions.MaxDeliveries"/>
/// deliveries ends <c>failed</c> (<c>TIMEOUT</c>) instead of being lost. A message whose row does not appear within
/// <see cref="QueueEngineOptions.RowWait"/> is dropped (its submit failed before the row was written). A job whose
/// tenant runs its cap of jobs (<see cref="JobPipelineOptions.MaxRunningJobsPerTenant"/>) is handed back to the queue
/// at once, visible again after <see cref="JobWorkflow.DeferralDelay"/>, so it holds no worker and other tenants'
/// messages behind it are received and run. Every storage call has a timeout and a retry; one failing call never stops the loop.
/// </summary>
internal sealed partial class QueueWorker(
    QueueClient queue,
    StorageInitializer storage,
    JobSteps steps,
    WorkSignal signal,
    IOptions<QueueEngineOptions> options,
    TimeProvider time,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private readonly QueueEngineOptions _options = options.Value;
    private readonly DeferredMessages _deferred = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        // The queue is created with the rest of storage (QueueJobEngine.InitializeAsync); until then there is nothing to receive.
        await storage.Ready.WaitAsync(stoppingToken);
        using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var running = new HashSet<Task>();
        var idle = TimeSpan.FromMilliseconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            int free = slots.CurrentCount + 1;
            QueueMessage[] messages;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                messages = (await queue.ReceiveMessagesAsync(Math.Min(free, 32), _options.VisibilityTimeout, timeout.Token)).Value;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                slots.Release();
                LogReceiveFailed(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                slots.Release();
                idle = await signal.WaitAsync(idle, stoppingToken) ? TimeSpan.FromMilliseconds(5) : Grow(idle);
                continue;
            }

            idle = TimeSpan.FromMilliseconds(5);
            for (int i = 0; i < messages.Length; i++)
            {
                if (i > 0)
                {
                    // The first message holds the slot we waited for; the others take the ones that were free.
                    await slots.WaitAsync(stoppingToken);
                }

                QueueMessage message = messages[i];
                var task = Task.Run(() => HandleAsync(message, stoppingToken), CancellationToken.None);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(
                    t =>
                    {
                        slots.Release();
                        lock (running)
                        {
                            running.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        Task[] left;
        lock (running)
        {
            left = [.. running];
        }

        await Task.WhenAll(left);
    }

    /// <summary>Runs one message's job to a terminal status (or leaves the message for another delivery).</summary>
    internal async Task HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        JobMessage? body = Parse(message);
        if (body is null)
        {
            LogBadMessage(logger, message.MessageId);
            await DeleteAsync(message.MessageId, message.PopReceipt);
            return;
        }

        JobRef job = body.Job;
        using System.Diagnostics.Activity? span = Telemetry.JobTelemetry.StartJobActivity("job run", System.Diagnostics.ActivityKind.Consumer, job, type: null, body.TraceParent);
        span?.SetTag("messaging.system", "azure_queue");
        span?.SetTag("messaging.message.id", message.MessageId);
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(logger, job.Tenant, job.JobId);
        long deliveries = message.DequeueCount - body.Deferrals;
        _deferred.Forget(job.Tenant, message.MessageId);
        await using var lease = new MessageLease(queue, message, _options.VisibilityTimeout, time);
        try
        {
            if (deliveries > _options.MaxDeliveries)
            {
                await steps.FailAsync(new FailStepInput(job, new JobError(
                    ErrorCodes.Timeout,
                    $"The job's worker stopped {deliveries - 1} times before the job finished.",
                    new JsonObject { ["deliveries"] = deliveries - 1 },
                    Retryable: true)), stoppingToken);
            }
            else
            {
                switch (await RunAsync(job, message, stoppingToken))
                {
                    case RunOutcome.Deferred:
                        string? receipt = await lease.ReleaseAsync(
                            JobWorkflow.DeferralDelay(body.Deferrals),
                            JsonSerializer.Serialize(body with { Deferrals = body.Deferrals + 1 }));
                        if (receipt is not null)
                        {
                            _deferred.Add(job.Tenant, message.MessageId, receipt);
                        }

                        return;
                    case RunOutcome.RowMissing:
                        await lease.ReleaseAsync(TimeSpan.FromSeconds(2));
                        return;
                }
            }

            await lease.CompleteAsync();
            await WakeDeferredAsync(job.Tenant);
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand the job back at once for another instance (or this one after a restart).
            _ = e;
            await lease.ReleaseAsync(TimeSpan.Zero);
        }
        catch (Exception e)
        {
            LogJobFailed(logger, e, job.JobId);
            await lease.ReleaseAsync(TimeSpan.FromSeconds(5));
        }
    }

    private async Task<RunOutcome> RunAsync(JobRef job, QueueMessage message, CancellationToken stoppingToken)
    {
        var context = new DirectWorkflowContext(steps, time, stoppingToken);
        foreach (int waitMs in new[] { 0, 20, 50, 100, 200 })
        {
            if (waitMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), time, stoppingToken);
            }

            try
            {
                await JobWorkflow.RunAsync(context, job, steps.RetryPolicy);
                return context.Deferred ? RunOutcome.Deferred : RunOutcome.Finished;
            }
            catch (JobRowMissingException)
            {
                // The submitter tells the engine before it writes the row: give it a moment.
            }
        }

        // Still no row: its submit failed (the client got an error) or the job was deleted. Drop it once it is old.
        return message.InsertedOn is { } inserted && time.GetUtcNow() - inserted > _options.RowWait ? RunOutcome.Finished : RunOutcome.RowMissing;
    }

    /// <summary>One of the tenant's jobs ended here: its oldest message handed back for the cap may run now.</summary>
    private async Task WakeDeferredAsync(string tenant)
    {
        for (int tries = 0; tries < 3 && _deferred.TryTake(tenant, out string messageId, out string popReceipt); tries++)
        {
            try
            {
                await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero);
                signal.Notify();
                return;
            }
            catch (RequestFailedException)
            {
                // Received again meanwhile (its receipt is stale) or gone: try the next one.
            }
        }
    }

    private async Task DeleteAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt);
        }
        catch (RequestFailedException)
        {
            // Gone already, or its receipt is stale: it will be seen again and handled then.
        }
    }

    private static JobMessage? Parse(QueueMessage message)
    {
        try
        {
            JobMessage? job = JsonSerializer.Deserialize<JobMessage>(message.Body);
            return job is { Tenant.Length: > 0, Deferrals: >= 0 } && JobId.IsValid(job.JobId) ? job : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan Grow(TimeSpan idle) =>
        TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxIdlePoll.Ticks));

    /// <summary>How one run of a message's workflow ended: the job is terminal, its row is not there yet, or it was deferred.</summary>
    private enum RunOutcome
    {
        Finished,
        RowMissing,
        Deferred,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the job queue failed: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped unreadable queue message {MessageId}")]
    private static partial void LogBadMessage(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} did not finish on this delivery; it will be delivered again")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string jobId);
}
