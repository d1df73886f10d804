using System.Security.Cryptography;

namespace JobPipeline.Jobs;

/// <summary>Reads through a request body, hashing it and refusing more than a maximum (413).</summary>
internal sealed class LimitedHashingStream(Stream inner, long maxBytes, IncrementalHash hash) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..n]);
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Account(ReadOnlySpan<byte> data)
    {
        _read += data.Length;
        if (_read > maxBytes)
        {
            throw new JobRequestException(413, new JobError(
                ErrorCodes.PayloadTooLarge,
                $"The body is larger than the maximum of {maxBytes} bytes.",
                new System.Text.Json.Nodes.JsonObject { ["max_bytes"] = maxBytes }));
        }

        hash.AppendData(data);
    }
}
