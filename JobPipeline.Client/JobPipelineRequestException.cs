using System.Text.Json;

namespace JobPipeline.Client;

/// <summary>
/// The service refused a request or could not be reached: the HTTP status (0 when there was no answer) and the
/// error envelope's code, message, details and request id.
/// </summary>
public class JobPipelineRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobPipelineRequestException(int status, string? errorCode, string message, JsonElement? details = null, string? requestId = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        Details = details;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status; 0 when the service did not answer (network error, timeout).</summary>
    public int Status { get; }

    /// <summary>The error code (<c>JOB_NOT_FOUND</c>, <c>VALIDATION_FAILED</c>, …), when the service sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The error's details (which field, …).</summary>
    public JsonElement? Details { get; }

    /// <summary>The request id, to quote when asking the service's operators.</summary>
    public string? RequestId { get; }

    /// <summary>The service's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
