using JobPipeline.Streams;

namespace JobPipeline.Processing.Redaction;

/// <summary>A read-only pass-through that counts the bytes read, so progress follows the input consumed.</summary>
internal sealed class ProgressReportingStream(Stream inner) : CountingReadStream(inner)
{
    private readonly long? _length = inner.CanSeek ? inner.Length : null;
    private int _lastReported = -1;

    /// <summary>Reports the share read so far (0..99; 100 is for the finished job), when the length is known.</summary>
    public void Report(IProgress<int> progress)
    {
        if (_length is not > 0)
        {
            return;
        }

        int percent = (int)Math.Min(99, BytesRead * 100 / _length.Value);
        if (percent != _lastReported)
        {
            _lastReported = percent;
            progress.Report(percent);
        }
    }
}
