using System.Runtime.CompilerServices;
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
/// <see cref="JobPipelineOptions.JobRowWait"/> is dropped (its submit failed before the row was written). A job whose
/// tenant runs its cap of jobs (<see cref="JobPipelineOptions.MaxRunningJobsPerTenant"/>) is handed back to the queue
/// at once, visible again after <see cref="JobWorkflow.DeferralDelay"/>, so it holds no worker and other tenants'
/// messages behind it are received and run. Every storage call has a timeout and a retry; one failing call never stops the loop.
/// A step that cannot reach storage waits the outage out without using the job's attempts (<see cref="DirectWorkflowContext"/>),
/// its message kept invisible by its lease.
/// </summary>
internal sealed partial class QueueWorker(
    QueueClient queue,
    StorageInitializer storage,
    JobSteps steps,
    WorkSignal signal,
    IOptions<QueueEngineOptions> options,
    IOptions<JobPipelineOptions> pipelineOptions,
    TimeProvider time,
    ILogger<QueueWorker> logger) : BackgroundService
{
    /// <summary>The most messages one receive may ask for (the queue service's limit).</summary>
    private const int MaxMessagesPerReceive = 32;

    /// <summary>How many of a tenant's deferred messages are tried at most when one of its jobs ends (a stale one is skipped).</summary>
    private const int MaxDeferredWakeTries = 3;

    /// <summary>How long one receive may take before it is abandoned and tried again.</summary>
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The pause after a receive that failed.</summary>
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The first wait between two polls of an empty queue; it doubles up to <see cref="QueueEngineOptions.MaxIdlePoll"/>.</summary>
    private static readonly TimeSpan FirstIdlePoll = TimeSpan.FromMilliseconds(5);

    /// <summary>How often one delivery looks for a job's row (<see cref="JobRowLooks"/>: about 370 ms) before it hands the message back.</summary>
    private const int RowLooksPerDelivery = 5;

    /// <summary>When a message whose row is still missing (and younger than <see cref="JobPipelineOptions.JobRowWait"/>) is visible again.</summary>
    private static readonly TimeSpan RowMissingRedeliveryDelay = TimeSpan.FromSeconds(2);

    /// <summary>When a message whose delivery failed (storage in trouble) is visible again.</summary>
    private static readonly TimeSpan FailedDeliveryRedeliveryDelay = TimeSpan.FromSeconds(5);

    private readonly QueueEngineOptions _options = options.Value;
    private readonly TimeSpan _rowWait = pipelineOptions.Value.JobRowWait;
    private readonly DeferredMessages _deferred = new();

    /// <summary>Messages handed to a worker and not yet handled (changed by the receiving loop and the workers).</summary>
    private int _taken;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        // The queue is created with the rest of storage (QueueJobEngine.InitializeAsync); until then there is nothing to receive.
        await storage.Ready.WaitAsync(stoppingToken);
        var workers = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = stoppingToken };
        try
        {
            await Parallel.ForEachAsync(ReceiveAsync(stoppingToken), workers, (message, _) => RunMessageAsync(message, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the workers have handed their messages back (HandleAsync), and so has the receiving loop.
        }
    }

    /// <summary>
    /// The queue's messages, each taken by a worker that is free. A receive asks for as many messages as there are free
    /// workers, never more, so no message waits invisible without a worker renewing its visibility.
    /// </summary>
    private async IAsyncEnumerable<QueueMessage> ReceiveAsync([EnumeratorCancellation] CancellationToken stoppingToken)
    {
        TimeSpan idle = FirstIdlePoll;
        QueueMessage[] messages = [];
        int handedOut = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryReceiveAsync(stoppingToken) is not { } received)
                {
                    await Task.Delay(ReceiveRetryDelay, time, stoppingToken);
                    continue;
                }

                messages = received;
                for (handedOut = 0; handedOut < messages.Length;)
                {
                    // Counted as taken before it is handed out: the next receive then asks only for the workers still free.
                    Interlocked.Increment(ref _taken);
                    yield return messages[handedOut++];
                }

                idle = messages.Length > 0 ? FirstIdlePoll : await IdleAsync(idle, stoppingToken);
            }
        }
        finally
        {
            // Stopping between two messages of one receive: the rest go back to the queue at once.
            await HandBackAsync(messages[handedOut..]);
        }
    }

    /// <summary>Waits for a submit on this instance or the poll interval, whichever comes first; returns the next interval.</summary>
    private async Task<TimeSpan> IdleAsync(TimeSpan idle, CancellationToken stoppingToken) =>
        await signal.WaitAsync(idle, stoppingToken) ? FirstIdlePoll : Grow(idle);

    /// <summary>Makes received messages that no worker took visible again.</summary>
    private async Task HandBackAsync(QueueMessage[] messages)
    {
        foreach (QueueMessage message in messages)
        {
            try
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
            catch (RequestFailedException)
            {
                // It reappears after its visibility timeout instead.
            }
        }
    }

    /// <summary>One receive, of as many messages as there are free workers; null when it failed.</summary>
    private async Task<QueueMessage[]?> TryReceiveAsync(CancellationToken stoppingToken)
    {
        // The worker asking for a message is free, so at least one.
        int free = Math.Clamp(_options.Concurrency - Volatile.Read(ref _taken), 1, MaxMessagesPerReceive);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(ReceiveTimeout);
            return (await queue.ReceiveMessagesAsync(free, _options.VisibilityTimeout, timeout.Token)).Value;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogReceiveFailed(logger, e.Message);
            return null;
        }
    }

    /// <summary>A worker's turn with one message: a failure is logged, never thrown, so that it stops no other worker.</summary>
    private async ValueTask RunMessageAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await HandleAsync(message, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // HandleAsync hands every failed job back to the queue; this is a failure to do even that. The message
            // reappears after its visibility timeout.
            LogHandBackFailed(logger, e, message.MessageId);
        }
        catch (Exception)
        {
            // Stopping: the message reappears after its visibility timeout, for another instance.
        }
        finally
        {
            Interlocked.Decrement(ref _taken);
        }
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
        _deferred.Forget(job.Tenant, message.MessageId);
        await using var lease = new MessageLease(queue, message, _options.VisibilityTimeout, time);
        try
        {
            await DeliverAsync(message, body, lease, stoppingToken);
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
            await lease.ReleaseAsync(FailedDeliveryRedeliveryDelay);
        }
    }

    /// <summary>
    /// One delivery of a job: its workflow, or its end as <c>TIMEOUT</c> when its workers kept dying; the message is
    /// deleted once the job is terminal, handed back when the job was deferred or its row is not there yet.
    /// </summary>
    private async Task DeliverAsync(QueueMessage message, JobMessage body, MessageLease lease, CancellationToken stoppingToken)
    {
        long deliveries = message.DequeueCount - body.Deferrals;
        RunOutcome outcome = deliveries > _options.MaxDeliveries
            ? await FailAfterDeliveriesAsync(body.Job, deliveries, stoppingToken)
            : await RunWorkflowAsync(body.Job, message, lease.Lost, stoppingToken);
        switch (outcome)
        {
            case RunOutcome.Deferred:
                await DeferAsync(message, body, lease);
                return;
            case RunOutcome.RowMissing:
                await lease.ReleaseAsync(RowMissingRedeliveryDelay);
                return;
        }

        await lease.CompleteAsync();
        await WakeDeferredAsync(body.Job.Tenant);
    }

    /// <summary>Ends a job whose workers stopped <paramref name="deliveries"/> - 1 times <c>failed</c> with <c>TIMEOUT</c>.</summary>
    private async Task<RunOutcome> FailAfterDeliveriesAsync(JobRef job, long deliveries, CancellationToken stoppingToken)
    {
        await steps.FailAsync(new FailStepInput(job, new JobError(
            ErrorCodes.Timeout,
            $"The job's worker stopped {deliveries - 1} times before the job finished.",
            new JsonObject { ["deliveries"] = deliveries - 1 },
            Retryable: true)), stoppingToken);
        return RunOutcome.Finished;
    }

    /// <summary>Hands a deferred job's message back, visible after the deferral delay, and remembers it for <see cref="WakeDeferredAsync"/>.</summary>
    private async Task DeferAsync(QueueMessage message, JobMessage body, MessageLease lease)
    {
        string? receipt = await lease.ReleaseAsync(
            JobWorkflow.DeferralDelay(body.Deferrals),
            JsonSerializer.Serialize(body with { Deferrals = body.Deferrals + 1 }));
        if (receipt is not null)
        {
            _deferred.Add(body.Job.Tenant, message.MessageId, receipt);
        }
    }

    /// <summary>
    /// Runs the job's workflow, looking again for a row not written yet (<see cref="JobRowLooks"/>); its steps ride out a
    /// storage outage until the message is <paramref name="handedOver"/> to another delivery.
    /// </summary>
    private async Task<RunOutcome> RunWorkflowAsync(JobRef job, QueueMessage message, CancellationToken handedOver, CancellationToken stoppingToken)
    {
        var context = new DirectWorkflowContext(steps, time, stoppingToken, handedOver);
        for (int look = 1; look <= RowLooksPerDelivery; look++)
        {
            try
            {
                await JobWorkflow.RunAsync(context, job, steps.RetryPolicy);
                return context.Deferred ? RunOutcome.Deferred : RunOutcome.Finished;
            }
            catch (JobRowMissingException) when (look < RowLooksPerDelivery)
            {
                // The submitter tells the engine before it writes the row: give it a moment.
                await Task.Delay(JobRowLooks.PauseAfter(look), time, stoppingToken);
            }
            catch (JobRowMissingException)
            {
                // The last look of this delivery.
            }
        }

        // Still no row: its submit failed (the client got an error) or the job was deleted. Drop it once it is old.
        return message.InsertedOn is { } inserted && time.GetUtcNow() - inserted > _rowWait ? RunOutcome.Finished : RunOutcome.RowMissing;
    }

    /// <summary>One of the tenant's jobs ended here: its oldest message handed back for the cap may run now.</summary>
    private async Task WakeDeferredAsync(string tenant)
    {
        for (int tries = 0; tries < MaxDeferredWakeTries && _deferred.TryTake(tenant, out string messageId, out string popReceipt); tries++)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} could not be handed back; it reappears after its visibility timeout")]
    private static partial void LogHandBackFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} did not finish on this delivery; it will be delivered again")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string jobId);
}
