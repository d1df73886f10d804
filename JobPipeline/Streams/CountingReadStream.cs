namespace JobPipeline.Streams;

/// <summary>
/// A read-only pass-through that counts the bytes read from <paramref name="inner"/> (which it owns: disposing this
/// disposes it) and lets a subclass act on the count after every read.
/// </summary>
internal abstract class CountingReadStream(Stream inner) : ReadOnlyStream
{
    /// <summary>How many bytes have been read through so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Called after each read, with <see cref="BytesRead"/> already counting it; may throw to end the read.</summary>
    protected virtual void OnCounted()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        BytesRead += read;
        OnCounted();
        return read;
    }
}
