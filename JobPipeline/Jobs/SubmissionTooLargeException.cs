namespace JobPipeline.Jobs;

/// <summary>A submitted document longer than the configured maximum (found while it streams in).</summary>
public sealed class SubmissionTooLargeException(long maxBytes) : JobException($"The body is larger than the maximum of {maxBytes} bytes.")
{
    /// <summary>The maximum, in bytes.</summary>
    public long MaxBytes { get; } = maxBytes;
}
