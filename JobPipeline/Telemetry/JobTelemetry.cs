using System.Diagnostics;
using JobPipeline.Jobs;

namespace JobPipeline.Telemetry;

/// <summary>
/// JobPipeline's traces: one <see cref="ActivitySource"/> (<see cref="SourceName"/>) for the spans of a job, from the
/// submit request through the engine to the processor. The submit's W3C trace context (<see cref="Activity.Id"/>,
/// a <c>traceparent</c>) travels with the job (the server's queue message, the Durable orchestration's input and the
/// job's row), so every later span of the job joins the submit's trace.
/// </summary>
public static class JobTelemetry
{
    /// <summary>The name of the activity source and of the meter (<see cref="JobMetrics"/>).</summary>
    public const string SourceName = "JobPipeline";

    /// <summary>The activity source of every JobPipeline span.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(JobTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The W3C <c>traceparent</c> of the current span, to carry with a job; null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts a span of <paramref name="job"/>: a child of the current span when that is already in the job's trace
    /// (<paramref name="traceParent"/>), else a child of <paramref name="traceParent"/> itself (a Durable activity, a
    /// message received from the queue). Null when nobody listens.
    /// </summary>
    public static Activity? StartJobActivity(string name, ActivityKind kind, JobRef job, string? type, string? traceParent, DateTimeOffset startTime = default)
    {
        ActivityContext parent = default;
        if (traceParent is not null
            && ActivityContext.TryParse(traceParent, null, out ActivityContext carried)
            && Activity.Current?.TraceId != carried.TraceId)
        {
            parent = carried;
        }

        // A default parent means the current span, if any.
        Activity? activity = Source.StartActivity(name, kind, parent, startTime: startTime);
        if (activity is not null)
        {
            activity.SetTag("jobpipeline.tenant", job.Tenant);
            activity.SetTag("jobpipeline.job_id", job.JobId);
            if (type is not null)
            {
                activity.SetTag("jobpipeline.job_type", type);
            }
        }

        return activity;
    }

    /// <summary>Marks a span failed with the exception's type (never its message: it may hold a job's data).</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
