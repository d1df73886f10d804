using JobPipeline.Processing;

namespace JobPipeline.Jobs;

/// <summary>A job as the status projection (the table row) holds it.</summary>
public sealed record JobRecord
{
    /// <summary>The owning tenant (the table partition).</summary>
    public required string Tenant { get; init; }

    /// <summary>The job id (the row key).</summary>
    public required string JobId { get; init; }

    /// <summary>The job type.</summary>
    public required string Type { get; init; }

    /// <summary>The status.</summary>
    public JobStatus Status { get; init; }

    /// <summary>0..100.</summary>
    public int Progress { get; init; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When processing first started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When retention purges it (set when it turns terminal).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The client's metadata object, as JSON text.</summary>
    public string MetadataJson { get; init; } = "{}";

    /// <summary>The options, as JSON text (<c>{}</c> in the row when they are in the options blob).</summary>
    public string OptionsJson { get; init; } = "{}";

    /// <summary>The SHA-256 (hex) of the submit's <c>Idempotency-Key</c>, so deleting or expiring the job gives its claim back; null without one.</summary>
    public string? IdempotencyKeyHash { get; init; }

    /// <summary>Whether the options are too large for the row and are in the job's options blob.</summary>
    public bool OptionsInBlob { get; init; }

    /// <summary>
    /// Whether the job's input and result are sealed at rest (in the row and in Blob storage) with the tenant's key,
    /// as job types that handle vault values require (<see cref="Processing.IJobProcessor.SealsDataAtRest"/>).
    /// </summary>
    public bool Sealed { get; init; }

    /// <summary>The processor's summary, as JSON text.</summary>
    public string SummaryJson { get; init; } = "{}";

    /// <summary>The error of a failed job.</summary>
    public JobError? Error { get; init; }

    /// <summary>The raw document's media type; null when the input is the envelope's JSON.</summary>
    public string? InputContentType { get; init; }

    /// <summary>The <c>input_url</c> the document is fetched from when the job runs; null for a stored input.</summary>
    public string? InputUrl { get; init; }

    /// <summary>The <c>output_url</c> the output is also written to when the job completes.</summary>
    public string? OutputUrl { get; init; }

    /// <summary>The <c>callback_url</c> a signed webhook is posted to when the job ends; null without one.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Where the webhook's delivery stands (meaningful with a <see cref="CallbackUrl"/>).</summary>
    public CallbackState CallbackState { get; init; }

    /// <summary>How many delivery attempts were made.</summary>
    public int CallbackAttempts { get; init; }

    /// <summary>The HTTP status the receiver answered the last attempt with; null when it did not answer (or none was made).</summary>
    public int? CallbackLastStatus { get; init; }

    /// <summary>A small input kept in the row; null when it is in Blob storage (or purged).</summary>
    public byte[]? InputInline { get; init; }

    /// <summary>Whether the input is in Blob storage.</summary>
    public bool InputInBlob { get; init; }

    /// <summary>A small result kept in the row; null when it is in Blob storage (or there is none).</summary>
    public byte[]? ResultInline { get; init; }

    /// <summary>Whether the result is in Blob storage.</summary>
    public bool ResultInBlob { get; init; }

    /// <summary>The result's content type.</summary>
    public string? ResultContentType { get; init; }

    /// <summary>How the result shows inline.</summary>
    public ResultForm ResultForm { get; init; }

    /// <summary>The result's size in bytes.</summary>
    public long ResultSizeBytes { get; init; }

    /// <summary>The output document's media type, for a job whose input was a document; null otherwise.</summary>
    public string? DocumentContentType { get; init; }

    /// <summary>The output document's file name (<c>Content-Disposition</c>).</summary>
    public string? DocumentFileName { get; init; }

    /// <summary>The output document's size in bytes.</summary>
    public long DocumentSizeBytes { get; init; }

    /// <summary>How many times processing was started.</summary>
    public int Attempts { get; init; }

    /// <summary>The status a job had when it expired (the operation monitor reports that outcome).</summary>
    public JobStatus? OutcomeBeforeExpiry { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the submit, so that the job's later spans (any engine) join its trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// The row's ETag when this record is the whole row as read or written (so a change can be written against it
    /// without reading it again); default for a partial read.
    /// </summary>
    public Azure.ETag ETag { get; init; }

    /// <summary>The reference to this job.</summary>
    public JobRef Ref => new(Tenant, JobId);
}
