namespace JobPipeline.Streams;

/// <summary>
/// The part every write-only stream of ours has in common: it cannot be read or sought, <see cref="Length"/> and
/// <see cref="Position"/> are the bytes written so far (a subclass counts them with <see cref="CountWrite"/>),
/// flushing does nothing (what is written goes where it goes when it is written or finished), the array overload
/// of <see cref="WriteAsync(byte[], int, int, CancellationToken)"/> goes to the <see cref="ReadOnlyMemory{T}"/> one,
/// and the first disposal, synchronous or not, runs <see cref="FinishAsync"/> once.
/// </summary>
internal abstract class WriteOnlyStream : Stream
{
    private bool _disposed;

    /// <summary>How many bytes have been written so far.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await FinishAsync();
    }

    /// <summary>Counts <paramref name="bytes"/> about to be written; throws when the stream is already disposed.</summary>
    protected void CountWrite(int bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Written += bytes;
    }

    /// <summary>Completes what was written (commits or closes the destination); called once, on the first disposal.</summary>
    protected abstract ValueTask FinishAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
