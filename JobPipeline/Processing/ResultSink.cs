namespace JobPipeline.Processing;

/// <summary>
/// Where a processor writes its result. Small results end inline in the job row; a result that grows past the
/// inline limit is streamed to Blob storage, so a processor never needs to hold its whole output in memory.
/// </summary>
public abstract class ResultSink
{
    /// <summary>Opens the result for writing, once per job run; dispose the stream (asynchronously) when done.</summary>
    /// <param name="contentType">The content type <c>GET /api/jobs/{id}/result</c> answers with.</param>
    /// <param name="form">How the result is shown inline.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public abstract Task<Stream> OpenAsync(string contentType, ResultForm form, CancellationToken cancellationToken = default);
}
