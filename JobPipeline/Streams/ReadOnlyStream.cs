namespace JobPipeline.Streams;

/// <summary>
/// The part every forward-only, read-only stream of ours has in common: it cannot seek, be written or tell its length,
/// and the array overload of <see cref="ReadAsync(byte[], int, int, CancellationToken)"/> goes to the
/// <see cref="Memory{T}"/> one. A subclass implements <see cref="Stream.Read(byte[], int, int)"/> and
/// <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/> (and <see cref="Stream.Read(Span{byte})"/> where it
/// can do better than the base class's copy), and overrides the getter of <see cref="Position"/> where it counts.
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
