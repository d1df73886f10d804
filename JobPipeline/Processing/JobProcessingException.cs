using JobPipeline.Jobs;

namespace JobPipeline.Processing;

/// <summary>
/// A processor's way to fail a job with a clear error (e.g. <c>INVALID_JSON</c> with line and column).
/// Not retried unless <see cref="JobError.Retryable"/> is set.
/// </summary>
public sealed class JobProcessingException : Exception
{
    /// <summary>Creates the exception from the job error it carries.</summary>
    public JobProcessingException(JobError error)
        : base(error.Message) => Error = error;

    /// <summary>Creates the exception from the job error and the cause.</summary>
    public JobProcessingException(JobError error, Exception innerException)
        : base(error.Message, innerException) => Error = error;

    /// <summary>The error the failed job carries.</summary>
    public JobError Error { get; }
}
