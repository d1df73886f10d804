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

    /// <summary>
    /// Opens the output document of a job whose input was a document (a redacted DOCX, CSV, …), once per job run;
    /// dispose the stream (asynchronously) when done. It always goes to Blob storage: the job's <c>result</c> then
    /// carries a <c>document</c> pointer to it and <c>GET /api/jobs/{id}/result</c> answers with its bytes.
    /// </summary>
    /// <param name="contentType">The document's media type.</param>
    /// <param name="fileName">The file name offered in <c>Content-Disposition</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public abstract Task<Stream> OpenDocumentAsync(string contentType, string fileName, CancellationToken cancellationToken = default);
}
