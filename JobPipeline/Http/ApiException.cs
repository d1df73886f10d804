using JobPipeline.Jobs;

namespace JobPipeline.Http;

/// <summary>
/// A request the HTTP layer refuses: the status to answer and the error envelope's content. Thrown only by the HTTP
/// layer (request parsing and validation, and <see cref="ApiErrors"/> for what the domain reports), turned into the
/// answer by <see cref="ApiEndpoint"/>.
/// </summary>
internal sealed class ApiException(int status, JobError error, TimeSpan? retryAfter = null) : Exception(error.Message)
{
    /// <summary>The HTTP status to answer with.</summary>
    public int Status { get; } = status;

    /// <summary>The error.</summary>
    public JobError Error { get; } = error;

    /// <summary>The <c>Retry-After</c> to send, if any.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>404 <c>JOB_NOT_FOUND</c>: the same answer for an unknown id, another tenant's job and a deleted job.</summary>
    public static ApiException NotFound() =>
        new(404, new JobError(ErrorCodes.JobNotFound, "Job not found."));

    /// <summary>400 <c>VALIDATION_FAILED</c> naming the field.</summary>
    public static ApiException Invalid(string field, string message) =>
        new(400, JobError.Validation(field, message));
}
