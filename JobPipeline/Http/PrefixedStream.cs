using JobPipeline.Streams;

namespace JobPipeline.Http;

/// <summary>A read-only stream that gives back bytes already taken from a request body, then the rest of the body.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    /// <summary>The body as a stream, or null when it is empty (read without buffering the whole of it).</summary>
    public static async Task<Stream?> NonEmptyAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] first = new byte[1];
        return await body.ReadAsync(first, cancellationToken) == 0 ? null : new PrefixedStream(first, body);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer) is var n and > 0)
        {
            return n;
        }

        return rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span) is var n and > 0)
        {
            return ValueTask.FromResult(n);
        }

        return rest.ReadAsync(buffer, cancellationToken);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        int n = Math.Min(_prefix.Length, buffer.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }
}
