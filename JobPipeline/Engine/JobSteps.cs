using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Engine;

/// <summary>
/// The steps of <see cref="JobWorkflow"/>: Durable activities in the Functions app, direct calls in the server.
/// Each is idempotent: after a crash it runs again and the outcome is the same (blob names derive from the job id,
/// every row change is ETag-guarded and obeys <see cref="JobStatusRules"/>).
/// </summary>
public sealed partial class JobSteps
{
    private readonly JobTable jobs;
    private readonly JobIndexTable index;
    private readonly JobBlobs blobs;
    private readonly JobProcessorCatalog processors;
    private readonly JobCancellations cancellations;
    private readonly TenantJobSlots tenantSlots;
    private readonly TimeProvider time;
    private readonly ILogger<JobSteps> logger;
    private readonly IJobDataSealer? sealer;
    private readonly Remote.RemoteDocuments? remote;
    private readonly Telemetry.JobMetrics? metrics;
    private readonly Webhooks.CallbackOutbox? callbacks;
    private readonly Webhooks.WebhookDispatcher? webhooks;
    private readonly JobPipelineOptions _options;

    /// <summary>Built by <see cref="JobPipelineServiceCollectionExtensions.AddJobPipeline"/> (the storage it takes is internal).</summary>
    internal JobSteps(
        JobTable jobs,
        JobIndexTable index,
        JobBlobs blobs,
        JobProcessorCatalog processors,
        JobCancellations cancellations,
        TenantJobSlots tenantSlots,
        IOptions<JobPipelineOptions> options,
        TimeProvider time,
        ILogger<JobSteps> logger,
        IJobDataSealer? sealer = null,
        Remote.RemoteDocuments? remote = null,
        Telemetry.JobMetrics? metrics = null,
        Webhooks.CallbackOutbox? callbacks = null,
        Webhooks.WebhookDispatcher? webhooks = null)
    {
        this.jobs = jobs;
        this.index = index;
        this.blobs = blobs;
        this.processors = processors;
        this.cancellations = cancellations;
        this.tenantSlots = tenantSlots;
        _options = options.Value;
        this.time = time;
        this.logger = logger;
        this.sealer = sealer;
        this.remote = remote;
        this.metrics = metrics;
        this.callbacks = callbacks;
        this.webhooks = webhooks;
    }

    /// <summary>How often a running job's progress is written and its row checked for a cancel.</summary>
    internal TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The retry policy of every step, from the options.</summary>
    public StepRetryPolicy RetryPolicy => new(_options.MaxAttempts, _options.FirstRetryInterval, StorageWait: _options.JobTimeout);

    /// <summary>
    /// Moves a queued job to <c>processing</c>. A job already <c>processing</c> (its worker died) runs again,
    /// unless it is past <see cref="JobPipelineOptions.JobTimeout"/>: then it ends <c>failed</c> with <c>TIMEOUT</c>.
    /// A job whose tenant already runs <see cref="JobPipelineOptions.MaxRunningJobsPerTenant"/> jobs on this instance
    /// is deferred (<see cref="StartStepResult.Deferred"/>), before any storage call.
    /// </summary>
    public Task<StartStepResult> StartAsync(JobRef job, CancellationToken cancellationToken = default) =>
        StartAsync(job, TimeSpan.Zero, 0, handOver: null, cancellationToken);

    /// <summary>
    /// <see cref="StartAsync(JobRef, CancellationToken)"/>, but a job whose tenant is at its cap on this instance first
    /// waits up to <paramref name="slotWait"/> for a slot of its tenant to be handed to it (its tenant's waiters oldest
    /// first), and is deferred only when none comes in time or when <paramref name="maxSlotWaiters"/> starts (all
    /// tenants together) wait already. The wait costs no storage call: a slot is taken before the row is read.
    /// </summary>
    public Task<StartStepResult> StartAsync(JobRef job, TimeSpan slotWait, int maxSlotWaiters, CancellationToken cancellationToken = default) =>
        StartAsync(job, slotWait, maxSlotWaiters, handOver: null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(JobRef, CancellationToken)"/>, for a caller that runs the process step next, in the same
    /// call on this instance, with the same <paramref name="handOver"/>: the move to <c>processing</c> then counts the
    /// first attempt itself and hands its row to that process step, which writes no count of its own.
    /// </summary>
    internal Task<StartStepResult> StartAsync(JobRef job, AttemptHandOver? handOver, CancellationToken cancellationToken = default) =>
        StartAsync(job, TimeSpan.Zero, 0, handOver, cancellationToken);

    /// <summary>
    /// The start step with both of the above: the slot wait of
    /// <see cref="StartAsync(JobRef, TimeSpan, int, CancellationToken)"/> and the attempt hand-over of
    /// <see cref="StartAsync(JobRef, AttemptHandOver?, CancellationToken)"/>.
    /// </summary>
    internal async Task<StartStepResult> StartAsync(
        JobRef job, TimeSpan slotWait, int maxSlotWaiters, AttemptHandOver? handOver, CancellationToken cancellationToken = default)
    {
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(logger, job.Tenant, job.JobId);
        bool reserved = slotWait > TimeSpan.Zero
            ? await tenantSlots.WaitReserveAsync(job, slotWait, maxSlotWaiters, cancellationToken)
            : tenantSlots.TryReserve(job);
        if (!reserved)
        {
            return StartStepResult.Defer;
        }

        try
        {
            StartStepResult result = await MoveToProcessingAsync(job, handOver, cancellationToken);
            if (!result.Proceed)
            {
                tenantSlots.Release(job);
            }

            return result;
        }
        catch
        {
            tenantSlots.Release(job);
            throw;
        }
    }

    private async Task<StartStepResult> MoveToProcessingAsync(JobRef job, AttemptHandOver? handOver, CancellationToken cancellationToken)
    {
        // The span's parent (the submit's traceparent) is in the row, known only once it is read: the span begins now.
        DateTimeOffset begun = DateTimeOffset.UtcNow;

        // The submitter on this instance tells the engine before it inserts the row: when that insert is still under
        // way, wait for it (its row is then remembered) rather than read a row that is not there yet.
        await jobs.Inserts.WaitAsync(job, InsertWait, cancellationToken);

        // One write (from the row this instance inserted) or one read and one write: no more than the move itself.
        // With a hand-over, the move counts the first attempt too (the process step follows at once, here).
        DateTimeOffset now = time.GetUtcNow();
        handOver?.Trying(now);
        (JobRecord? started, bool moved) = await jobs.TransitionAsync(
            job,
            c => c.Status == JobStatus.Queued
                ? c with { Status = JobStatus.Processing, StartedAt = now, UpdatedAt = now, Attempts = handOver is null ? c.Attempts : c.Attempts + 1 }
                : null,
            cancellationToken);
        if (started is null)
        {
            throw new JobRowMissingException(job);
        }

        // A move of this run whose answer was lost (the storage client's retry met its own write) is still this run's.
        if (!moved && handOver is not null && started.Status == JobStatus.Processing && handOver.Tried(started.StartedAt))
        {
            moved = true;
        }

        if (moved && handOver is not null && started.Status == JobStatus.Processing)
        {
            handOver.Give(started);
        }

        using System.Diagnostics.Activity? span = Telemetry.JobTelemetry.StartJobActivity("job start", System.Diagnostics.ActivityKind.Internal, job, started.Type, started.TraceParent, begun);
        span?.SetTag("jobpipeline.job_status", started.Status.ToWire());
        if (moved)
        {
            metrics?.Started(started);
            Telemetry.JobLog.Started(logger, job.JobId, started.Type, ((started.StartedAt ?? started.CreatedAt) - started.CreatedAt).TotalMilliseconds);
        }

        if (!moved && started.Status == JobStatus.Processing && PastTimeout(started))
        {
            JobRecord? timedOut = await FinishAsync(job, JobStatus.Failed, c => c with { Error = TimeoutError(c) }, cancellationToken, started);
            return new StartStepResult(false, timedOut?.Status ?? JobStatus.Canceled);
        }

        return new StartStepResult(started.Status == JobStatus.Processing, started.Status);
    }

    /// <summary>
    /// Runs the job's processor and completes the job. Errors that are the job's fault end it <c>failed</c> here;
    /// transient ones are thrown, for the workflow's retry policy.
    /// </summary>
    public Task<StepOutcome> ProcessAsync(JobRef job, CancellationToken cancellationToken = default) =>
        ProcessAsync(job, handOver: null, cancellationToken);

    /// <summary>
    /// As <see cref="ProcessAsync(JobRef, CancellationToken)"/>, right after <see cref="StartAsync(JobRef, AttemptHandOver?, CancellationToken)"/>
    /// with the same <paramref name="handOver"/>: the first attempt, which that start counted, runs from the row it wrote.
    /// </summary>
    internal async Task<StepOutcome> ProcessAsync(JobRef job, AttemptHandOver? handOver, CancellationToken cancellationToken = default)
    {
        // The slot the start step reserved (here, or on another instance of the Durable engine) is held while this runs.
        using IDisposable slot = tenantSlots.Hold(job);
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(logger, job.Tenant, job.JobId);
        DateTimeOffset begun = DateTimeOffset.UtcNow;
        (JobRecord? row, bool counted) = handOver?.Take() is { } started
            ? await StartedRowAsync(job, started, cancellationToken)
            : await CountAttemptAsync(job, cancellationToken);
        if (row is null || !counted)
        {
            return new StepOutcome(row?.Status ?? JobStatus.Canceled);
        }

        // The rest of the job's work (the processor, the result's upload, the final write) runs inside this span.
        using System.Diagnostics.Activity? span = Telemetry.JobTelemetry.StartJobActivity("job process", System.Diagnostics.ActivityKind.Internal, job, row.Type, row.TraceParent, begun);
        span?.SetTag("jobpipeline.attempt", row.Attempts);
        if (processors.Find(row.Type) is not { } processor)
        {
            var unknown = new JobError(ErrorCodes.ValidationFailed, $"Job type '{row.Type}' is not available.", new JsonObject { ["field"] = "type" });
            return await FailNowAsync(job, unknown, cancellationToken);
        }

        Func<byte[], byte[]>? seal = Sealer(job, row);
        var sink = new SpillingResultSink(blobs.Result(job), _options.InlineResultMaxBytes, seal, blobs.Document(job));
        ProcessorRun run = await RunProcessorAsync(job, row, processor, sink, cancellationToken);
        return run.Ended ?? await CompleteAsync(job, row, sink, run.Outcome!, cancellationToken);
    }

    /// <summary>Counts the attempt on a <c>processing</c> row; the row is null when it is gone, and not counted when it is not processing.</summary>
    private Task<(JobRecord? Job, bool Changed)> CountAttemptAsync(JobRef job, CancellationToken cancellationToken) =>
        jobs.TransitionAsync(
            job,
            c => c.Status == JobStatus.Processing ? c with { Attempts = c.Attempts + 1, UpdatedAt = time.GetUtcNow() } : null,
            cancellationToken);

    /// <summary>
    /// The row of an attempt the start step counted (<see cref="AttemptHandOver"/>): the one it wrote while no other write of
    /// it went through this instance since (a cancel here, say), else the stored row. Runs (true) only while it is
    /// <c>processing</c>; a change made meanwhile by another instance shows in the run's watch and fails the final,
    /// ETag-guarded write, as it would after a count.
    /// </summary>
    private async Task<(JobRecord? Job, bool Runs)> StartedRowAsync(JobRef job, JobRecord started, CancellationToken cancellationToken)
    {
        JobRecord? row = jobs.LastWritten(job) is { } last && last.ETag == started.ETag ? started : await jobs.GetAsync(job, cancellationToken);
        return (row, row?.Status == JobStatus.Processing);
    }

    /// <summary>How long a start waits at most for this instance's insert of the job's row: the insert's own time limit.</summary>
    private TimeSpan InsertWait => _options.Storage.NetworkTimeout * (_options.Storage.MaxRetries + 1);

    /// <summary>How a sealed job's result is sealed before it is stored; null for a job that is not sealed.</summary>
    private Func<byte[], byte[]>? Sealer(JobRef job, JobRecord row)
    {
        if (!row.Sealed)
        {
            return null;
        }

        IJobDataSealer found = sealer ?? throw new InvalidOperationException($"Job {job.JobId} is sealed, but no {nameof(IJobDataSealer)} is registered.");
        return result => found.Seal(job, JobDataParts.Result, result);
    }

    /// <summary>
    /// Runs the processor within what is left of the job's timeout, stopped by a cancel handled here or seen in the
    /// row. A job that cannot complete (canceled, out of time, its own fault) ends here: <see cref="ProcessorRun.Ended"/>.
    /// </summary>
    private async Task<ProcessorRun> RunProcessorAsync(JobRef job, JobRecord row, IJobProcessor processor, SpillingResultSink sink, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TimeSpan left = (row.StartedAt ?? row.CreatedAt) + _options.JobTimeout - time.GetUtcNow();
        run.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        using IDisposable registration = cancellations.Register(job.JobId, run);
        JsonObject jobOptions = await OptionsAsync(row, cancellationToken);
        await using var progress = new ProjectionProgress(jobs, job, time, run, WatchInterval);
        try
        {
            JobProcessorOutcome outcome = await RunInSpanAsync(processor, Execution(job, row, jobOptions, sink, progress), run.Token);
            await sink.CompleteAsync();
            return new ProcessorRun(outcome, null);
        }
        catch (Exception e) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Canceled by the client (here or elsewhere), or out of time: no result may outlive that.
            _ = e;
            return new ProcessorRun(null, await EndInterruptedAsync(job, sink));
        }
        catch (JobProcessingException e) when (!e.Error.Retryable)
        {
            await DiscardResultAsync(job, sink);
            return new ProcessorRun(null, await FailNowAsync(job, e.Error, cancellationToken));
        }
        catch (Exception e) when (!IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            LogProcessorCrashed(logger, e, row.Type, job.JobId);
            await DiscardResultAsync(job, sink);
            var crash = new JobError(ErrorCodes.InternalError, $"The '{row.Type}' processor failed unexpectedly.", new JsonObject(), Retryable: false);
            return new ProcessorRun(null, await FailNowAsync(job, crash, cancellationToken));
        }
    }

    private JobExecution Execution(JobRef job, JobRecord row, JsonObject jobOptions, SpillingResultSink sink, ProjectionProgress progress) => new()
    {
        Tenant = job.Tenant,
        JobId = job.JobId,
        Type = row.Type,
        Input = new StoredJobInput(row, blobs, sealer, remote),
        Options = jobOptions,
        Result = sink,
        Progress = progress,
    };

    private static async Task<JobProcessorOutcome> RunInSpanAsync(IJobProcessor processor, JobExecution execution, CancellationToken cancellationToken)
    {
        using System.Diagnostics.Activity? processing = Telemetry.JobTelemetry.Source.StartActivity("processor " + execution.Type);
        processing?.SetTag("jobpipeline.job_type", execution.Type);
        return await processor.ProcessAsync(execution, cancellationToken);
    }

    /// <summary>The processor was stopped: the job was canceled (it is terminal already) or ran out of time (it ends <c>TIMEOUT</c>).</summary>
    private async Task<StepOutcome> EndInterruptedAsync(JobRef job, SpillingResultSink sink)
    {
        await DiscardResultAsync(job, sink);
        JobRecord? now = await jobs.GetAsync(job, CancellationToken.None);
        if (now is null || now.Status.IsTerminal())
        {
            return new StepOutcome(now?.Status ?? JobStatus.Canceled);
        }

        JobRecord? timedOut = await TimeOutAsync(job, CancellationToken.None);
        return new StepOutcome(timedOut?.Status ?? JobStatus.Canceled);
    }

    /// <summary>
    /// Writes the output to the job's <c>output_url</c> if it has one, then completes the job with its result. A job
    /// canceled or deleted meanwhile keeps no result.
    /// </summary>
    private async Task<StepOutcome> CompleteAsync(JobRef job, JobRecord row, SpillingResultSink sink, JobProcessorOutcome outcome, CancellationToken cancellationToken)
    {
        JsonObject figures = outcome.Summary ?? [];
        if (row.OutputUrl is { } outputUrl)
        {
            try
            {
                figures["output_url"] = await WriteOutputAsync(job, row, sink, outputUrl, cancellationToken);
            }
            catch (Exception e) when (e is JobProcessingException or RequestFailedException { Status: >= 400 and < 500 } or HttpRequestException)
            {
                await DiscardResultAsync(job, sink);
                return await FailNowAsync(job, OutputError(e), cancellationToken);
            }
        }

        string summary = figures.ToJsonString();
        JobRecord? completed = await FinishAsync(job, JobStatus.Completed, c => WithResult(c, sink, summary), cancellationToken, known: row);
        if (completed?.Status != JobStatus.Completed)
        {
            // Canceled (or deleted) while the processor ran: the result it wrote must not stay behind.
            await DiscardResultAsync(job, sink);
        }

        return new StepOutcome(completed?.Status ?? JobStatus.Canceled);
    }

    private static JobError OutputError(Exception e) => e is JobProcessingException p ? p.Error : new JobError(
        ErrorCodes.ValidationFailed,
        $"The output could not be written to output_url: {(e is RequestFailedException r ? r.ErrorCode ?? r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.Message)}.",
        new JsonObject { ["field"] = "output_url" });

    private static JobRecord WithResult(JobRecord row, SpillingResultSink sink, string summary) => row with
    {
        Progress = 100,
        SummaryJson = summary,
        ResultInline = sink.InlineBytes,
        ResultInBlob = sink.InBlob,
        ResultContentType = sink.ContentType,
        ResultForm = sink.Form,
        ResultSizeBytes = sink.SizeBytes,
        DocumentContentType = sink.DocumentContentType,
        DocumentFileName = sink.DocumentFileName,
        DocumentSizeBytes = sink.DocumentSizeBytes,
    };

    private async Task<JsonObject> OptionsAsync(JobRecord row, CancellationToken cancellationToken)
    {
        if (!row.OptionsInBlob)
        {
            return JsonNode.Parse(row.OptionsJson) as JsonObject ?? [];
        }

        BinaryData options = (await blobs.Options(row.Ref).DownloadContentAsync(cancellationToken)).Value.Content;
        return JsonNode.Parse(options.ToMemory().Span) as JsonObject ?? [];
    }

    /// <summary>Copies the output document (or else the result) to the job's <c>output_url</c>; returns the blob's URL without its SAS.</summary>
    private async Task<string> WriteOutputAsync(JobRef job, JobRecord row, SpillingResultSink sink, string outputUrl, CancellationToken cancellationToken)
    {
        if (remote is null)
        {
            throw new JobProcessingException(new JobError(ErrorCodes.ValidationFailed, "output_url is not enabled on this host.", new JsonObject { ["field"] = "output_url" }));
        }

        string extension = Processing.Documents.DocumentKind.Find(sink.DocumentContentType ?? sink.ContentType?.Split(';')[0])?.Extension ?? "bin";
        string name = sink.DocumentFileName ?? $"{job.JobId}.{row.Type}.{extension}";
        if (sink.HasDocument)
        {
            await using Stream document = await blobs.Document(job).OpenReadAsync(cancellationToken: cancellationToken);
            return await remote.WriteAsync(outputUrl, name, document, sink.DocumentContentType!, cancellationToken);
        }

        await using Stream result = sink.InlineBytes is { } inline
            ? new MemoryStream(inline, writable: false)
            : await blobs.Result(job).OpenReadAsync(cancellationToken: cancellationToken);
        return await remote.WriteAsync(outputUrl, name, result, sink.ContentType ?? "application/octet-stream", cancellationToken);
    }

    /// <summary>Ends a job <c>failed</c> with the given error, adding the attempt count to its details.</summary>
    public async Task<StepOutcome> FailAsync(FailStepInput input, CancellationToken cancellationToken = default)
    {
        JobRecord? failed = await FinishAsync(input.Job, JobStatus.Failed, c => c with { Error = WithAttempts(input.Error, c.Attempts) }, cancellationToken);
        return new StepOutcome(failed?.Status ?? JobStatus.Canceled);
    }

    /// <summary>
    /// Moves a non-terminal job to a terminal status and records it in the expiry index (first, so that no terminal
    /// job is ever missing from the index). Returns the row afterwards; null when it is gone.
    /// </summary>
    internal async Task<JobRecord?> FinishAsync(
        JobRef job, JobStatus status, Func<JobRecord, JobRecord> fill, CancellationToken cancellationToken, JobRecord? known = null)
    {
        // Also called from requests (cancel, delete) and the reconciliation: the end is logged in the job's scope.
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(logger, job.Tenant, job.JobId);
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset expiresAt = now + _options.Retention;
        await index.AddDueAsync(job, expiresAt, cancellationToken);
        (JobRecord? row, bool changed) = await jobs.TransitionAsync(
            job,
            c => JobStatusRules.CanMove(c.Status, status)
                ? fill(c) with { Status = status, UpdatedAt = now, CompletedAt = now, ExpiresAt = expiresAt }
                : null,
            known,
            cancellationToken);
        if (changed && row is not null)
        {
            metrics?.Ended(row);
            Telemetry.JobLog.Ended(logger, row);
            System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("job " + row.Status.ToWire()));
        }

        if (changed && row?.CallbackUrl is not null && row.Status.IsTerminal())
        {
            await CallbackDueAsync(row, now);
        }

        return row;
    }

    /// <summary>
    /// Makes the ended job's webhook due at once and wakes the delivery in this process. Its outbox entry exists since
    /// the submit (due later, as a watchdog), so a failure here only delays the delivery: it is logged, not thrown.
    /// </summary>
    private async Task CallbackDueAsync(JobRecord row, DateTimeOffset now)
    {
        if (callbacks is null)
        {
            return;
        }

        try
        {
            await callbacks.ScheduleAsync(row, now, CancellationToken.None);
            webhooks?.Signal();
        }
        catch (Exception e) when (IsTransient(e))
        {
            LogCallbackNotScheduled(logger, e, row.JobId);
        }
    }

    private async Task<StepOutcome> FailNowAsync(JobRef job, JobError error, CancellationToken cancellationToken)
    {
        JobRecord? failed = await FinishAsync(job, JobStatus.Failed, c => c with { Error = error }, cancellationToken);
        return new StepOutcome(failed?.Status ?? JobStatus.Canceled);
    }

    private async Task DiscardResultAsync(JobRef job, SpillingResultSink sink)
    {
        try
        {
            await sink.CompleteAsync();
        }
        catch (Exception e) when (e is RequestFailedException or IOException or OperationCanceledException)
        {
            // The upload was cut short; the delete below removes whatever got committed.
        }

        if (sink.InBlob)
        {
            await blobs.Result(job).DeleteIfExistsAsync();
        }

        if (sink.HasDocument)
        {
            await blobs.Document(job).DeleteIfExistsAsync();
        }
    }

    /// <summary>Ends a non-terminal job <c>failed</c> with <c>TIMEOUT</c>; returns the row afterwards.</summary>
    internal Task<JobRecord?> TimeOutAsync(JobRef job, CancellationToken cancellationToken) =>
        FinishAsync(job, JobStatus.Failed, c => c with { Error = TimeoutError(c) }, cancellationToken);

    private bool PastTimeout(JobRecord job) =>
        (job.StartedAt ?? job.CreatedAt) + _options.JobTimeout <= time.GetUtcNow();

    private JobError TimeoutError(JobRecord job) => new(
        ErrorCodes.Timeout,
        $"The job did not finish within {_options.JobTimeout.TotalSeconds:0} seconds.",
        new JsonObject { ["timeout_seconds"] = (long)_options.JobTimeout.TotalSeconds, ["attempts"] = job.Attempts },
        Retryable: true);

    private static JobError WithAttempts(JobError error, int attempts)
    {
        JsonObject details = error.Details?.DeepClone().AsObject() ?? [];
        details["attempts"] = attempts;
        return error with { Details = details };
    }

    /// <summary>Whether an exception is worth another attempt: storage, network, I/O, or a processor's retryable error.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        _ when StorageUnavailableException.IsStorageFailure(e) => true,
        JobProcessingException p => p.Error.Retryable,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        IOException or TimeoutException or HttpRequestException => true,
        OperationCanceledException => true,
        JsonException => false,
        _ => false,
    };

    /// <summary>What running the processor came to: its outcome, or the step's outcome when the job ended there.</summary>
    private readonly record struct ProcessorRun(JobProcessorOutcome? Outcome, StepOutcome? Ended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook of job {JobId} could not be made due now; its outbox watchdog delivers it later")]
    private static partial void LogCallbackNotScheduled(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Type} processor threw for job {JobId}")]
    private static partial void LogProcessorCrashed(ILogger logger, Exception exception, string type, string jobId);
}
