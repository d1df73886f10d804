namespace JobPipeline.Jobs;

/// <summary>The error codes of the API contract, and of failed jobs.</summary>
public static class ErrorCodes
{
    /// <summary>No key, or an unknown key.</summary>
    public const string Unauthorized = "UNAUTHORIZED";
    /// <summary>The id in the path is not of the job id format.</summary>
    public const string InvalidJobId = "INVALID_JOB_ID";
    /// <summary>Unknown job type, missing input, bad option, limit out of range, …</summary>
    public const string ValidationFailed = "VALIDATION_FAILED";
    /// <summary>A body (or a job's JSON input) that is not JSON; details carry line and column.</summary>
    public const string InvalidJson = "INVALID_JSON";
    /// <summary>Body over the configured maximum.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    /// <summary>A content type the job type cannot take.</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    /// <summary>Unknown id, another tenant's job, or a deleted job.</summary>
    public const string JobNotFound = "JOB_NOT_FOUND";
    /// <summary>Result asked for before the job completed.</summary>
    public const string JobNotCompleted = "JOB_NOT_COMPLETED";
    /// <summary>Cancel of a job that is already terminal.</summary>
    public const string JobAlreadyFinished = "JOB_ALREADY_FINISHED";
    /// <summary>The same Idempotency-Key with another body.</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    /// <summary>Result asked for after retention purged it.</summary>
    public const string JobExpired = "JOB_EXPIRED";
    /// <summary>Over the tenant's rate limit.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>Anything unexpected.</summary>
    public const string InternalError = "INTERNAL_ERROR";
    /// <summary>A request the HTTP server could not read (bad framing, such as a malformed chunk).</summary>
    public const string BadRequest = "BAD_REQUEST";
    /// <summary>A request body that arrived too slowly (below the server's minimum data rate).</summary>
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    /// <summary>Storage cannot be reached.</summary>
    public const string StorageUnavailable = "STORAGE_UNAVAILABLE";

    /// <summary>503: the server is at its budget of large request bodies in flight; retry after <c>Retry-After</c>.</summary>
    public const string ServerBusy = "SERVER_BUSY";
    /// <summary>A job that ran past its time limit, or whose worker kept dying.</summary>
    public const string Timeout = "TIMEOUT";
    /// <summary>Per item of an <c>unmask</c> result: the token is unknown to this tenant's vault.</summary>
    public const string TokenNotFound = "TOKEN_NOT_FOUND";
    /// <summary>A job whose processor kept failing with transient errors until its attempts ran out.</summary>
    public const string ProcessingFailed = "PROCESSING_FAILED";
    /// <summary>A document that cannot be read as the type it was sent as (malformed, truncated, not that format).</summary>
    public const string DocumentUnreadable = "DOCUMENT_UNREADABLE";
    /// <summary>A password-protected (encrypted) document.</summary>
    public const string DocumentEncrypted = "DOCUMENT_ENCRYPTED";
    /// <summary>A document of the right type using a feature the processor cannot handle safely (it fails rather than leak).</summary>
    public const string UnsupportedDocument = "UNSUPPORTED_DOCUMENT";
    /// <summary>A document that expands past the configured limits (a zip bomb, a huge XML part).</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    /// <summary>An <c>input_url</c> that could not be fetched (refused host or address, HTTP error, over the size limit).</summary>
    public const string InputUnreadable = "INPUT_UNREADABLE";
}
