namespace JobPipeline.Jobs;

/// <summary>A request that cannot be served as asked: carries the HTTP status and the error envelope's content.</summary>
public sealed class JobRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobRequestException(int status, JobError error, TimeSpan? retryAfter = null)
        : base(error.Message)
    {
        Status = status;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status to answer with.</summary>
    public int Status { get; }

    /// <summary>The error.</summary>
    public JobError Error { get; }

    /// <summary>The <c>Retry-After</c> to send, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>404 <c>JOB_NOT_FOUND</c>: the same answer for an unknown id, another tenant's job and a deleted job.</summary>
    public static JobRequestException NotFound() =>
        new(404, new JobError(ErrorCodes.JobNotFound, "Job not found."));

    /// <summary>400 <c>VALIDATION_FAILED</c> naming the field.</summary>
    public static JobRequestException Invalid(string field, string message) =>
        new(400, JobError.Validation(field, message));
}
