using System.Diagnostics;
using System.Diagnostics.Metrics;
using JobPipeline.Jobs;

namespace JobPipeline.Telemetry;

/// <summary>
/// JobPipeline's metrics (meter <see cref="JobTelemetry.SourceName"/>, created through the host's
/// <see cref="IMeterFactory"/>): jobs submitted, started, completed, failed and canceled by type; how long jobs waited
/// in the queue and ran; the depth of the engine's queue (observed, where the engine can tell); storage errors.
/// </summary>
public sealed class JobMetrics
{
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _canceled;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runTime;
    private readonly Counter<long> _storageErrors;
    private (string Queue, Func<long?> Read)? _queueDepth;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>.</summary>
    public JobMetrics(IMeterFactory meters)
    {
        Meter meter = meters.Create(JobTelemetry.SourceName);
        _submitted = meter.CreateCounter<long>("jobpipeline.jobs.submitted", "{job}", "Jobs accepted, by type.");
        _started = meter.CreateCounter<long>("jobpipeline.jobs.started", "{job}", "Jobs moved to processing, by type.");
        _completed = meter.CreateCounter<long>("jobpipeline.jobs.completed", "{job}", "Jobs that ended completed, by type.");
        _failed = meter.CreateCounter<long>("jobpipeline.jobs.failed", "{job}", "Jobs that ended failed, by type and error code.");
        _canceled = meter.CreateCounter<long>("jobpipeline.jobs.canceled", "{job}", "Jobs canceled, by type.");
        _queueWait = meter.CreateHistogram<double>("jobpipeline.job.queue_wait", "s", "From submit to start, by type.");
        _runTime = meter.CreateHistogram<double>("jobpipeline.job.run_time", "s", "From start to the end (completed or failed), by type and status.");
        _storageErrors = meter.CreateCounter<long>("jobpipeline.storage.errors", "{error}", "Storage calls that failed (no answer, 408, 429, 5xx), by service.");
        meter.CreateObservableGauge("jobpipeline.queue.depth", ObserveQueueDepth, "{message}", "Messages waiting in the engine's queue (approximate).");
    }

    /// <summary>
    /// Where <c>jobpipeline.queue.depth</c> comes from: set by an engine that can tell (the server's queue), with the
    /// name of its queue (the tag <c>messaging.destination.name</c>). <paramref name="read"/> answers null while it does not know.
    /// </summary>
    public void ObserveQueueDepthWith(string queueName, Func<long?> read) => _queueDepth = (queueName, read);

    internal void Submitted(string type) => _submitted.Add(1, Type(type));

    internal void Started(JobRecord job)
    {
        _started.Add(1, Type(job.Type));
        if (job.StartedAt is { } started)
        {
            _queueWait.Record(Math.Max(0, (started - job.CreatedAt).TotalSeconds), Type(job.Type));
        }
    }

    internal void Ended(JobRecord job)
    {
        switch (job.Status)
        {
            case JobStatus.Completed:
                _completed.Add(1, Type(job.Type));
                break;
            case JobStatus.Failed:
                _failed.Add(1, Type(job.Type), new KeyValuePair<string, object?>("jobpipeline.error_code", job.Error?.Code));
                break;
            case JobStatus.Canceled:
                _canceled.Add(1, Type(job.Type));
                return;
            default:
                return;
        }

        if (job.CompletedAt is { } ended)
        {
            _runTime.Record(
                Math.Max(0, (ended - (job.StartedAt ?? job.CreatedAt)).TotalSeconds),
                Type(job.Type),
                new KeyValuePair<string, object?>("jobpipeline.job_status", job.Status.ToWire()));
        }
    }

    internal void StorageError(string service, int status, string? host, int port) =>
        _storageErrors.Add(
            1,
            new KeyValuePair<string, object?>("jobpipeline.storage_service", service),
            new KeyValuePair<string, object?>("http.response.status_code", status),
            new KeyValuePair<string, object?>("server.address", host),
            new KeyValuePair<string, object?>("server.port", port));

    private IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        if (_queueDepth is { } queue && queue.Read() is { } depth)
        {
            yield return new Measurement<long>(depth, new KeyValuePair<string, object?>("messaging.destination.name", queue.Queue));
        }
    }

    private static KeyValuePair<string, object?> Type(string type) => new("jobpipeline.job_type", type);
}
