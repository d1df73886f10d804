using JobPipeline.Streams;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Reads at most a given number of bytes from a package part and fails the job past it: a part's declared size
/// can lie, so the bound is enforced on what is actually decompressed.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes, Func<JobProcessingException> overLimit) : CountingReadStream(inner)
{
    protected override void OnCounted()
    {
        if (BytesRead > maxBytes)
        {
            throw overLimit();
        }
    }
}
