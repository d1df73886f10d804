namespace JobPipeline.Processing.Redaction;

/// <summary>A read-only pass-through that counts the bytes read, so progress follows the input consumed.</summary>
internal sealed class ProgressReportingStream(Stream inner) : Stream
{
    private readonly long? _length = inner.CanSeek ? inner.Length : null;
    private long _read;
    private int _lastReported = -1;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>Reports the share read so far (0..99; 100 is for the finished job), when the length is known.</summary>
    public void Report(IProgress<int> progress)
    {
        if (_length is not > 0)
        {
            return;
        }

        var percent = (int)Math.Min(99, _read * 100 / _length.Value);
        if (percent != _lastReported)
        {
            _lastReported = percent;
            progress.Report(percent);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Count(int read)
    {
        _read += read;
        return read;
    }
}
