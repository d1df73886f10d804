namespace JobPipeline.Processing;

/// <summary>
/// A job type. Add one by writing a class that implements this and registering it with
/// <c>services.AddJobProcessor&lt;T&gt;()</c>.
/// </summary>
public interface IJobProcessor
{
    /// <summary>The <c>type</c> clients name, e.g. <c>redact</c>.</summary>
    string Type { get; }

    /// <summary>
    /// Media types (without parameters, lowercase) accepted as a raw document on <c>POST /api/jobs/{type}</c>;
    /// empty when the type takes only the JSON envelope.
    /// </summary>
    IReadOnlyCollection<string> DocumentContentTypes { get; }

    /// <summary>
    /// Whether the job's input and result hold values that may not rest in clear (vault values): then they are sealed
    /// with the tenant's key (<see cref="Jobs.IJobDataSealer"/>) wherever they are stored, and opened only to run the
    /// job and to answer its owner. False by default.
    /// </summary>
    bool SealsDataAtRest => false;

    /// <summary>
    /// Checks a submission before anything is stored: input shape, options, limits.
    /// Returns null when it is acceptable, else the error to answer (usually <c>VALIDATION_FAILED</c>).
    /// </summary>
    Jobs.JobError? Validate(JobRequest request);

    /// <summary>
    /// Runs the job: reads <see cref="JobExecution.Input"/>, writes the result through <see cref="JobExecution.Result"/>.
    /// Throw <see cref="JobProcessingException"/> for an outcome that is the job's fault (not retried unless it says so);
    /// storage and I/O exceptions are treated as transient and retried.
    /// </summary>
    Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default);
}
