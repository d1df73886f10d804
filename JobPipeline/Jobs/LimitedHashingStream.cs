using System.Security.Cryptography;
using JobPipeline.Streams;

namespace JobPipeline.Jobs;

/// <summary>
/// Reads through a request body, hashing it and refusing more than a maximum (413). A failure while reading (the body
/// too large, the client gone) ends the stream early instead of throwing, and is kept in <see cref="Failure"/>: an
/// upload reading from this stream then ends in order, with every block it staged accounted for, rather than
/// leaving stage requests in flight that would land after the cleanup.
/// </summary>
internal sealed class LimitedHashingStream(Stream inner, long maxBytes, IncrementalHash hash) : ReadOnlyStream
{
    private long _read;

    /// <summary>What ended the body early; null when it was read to its end within the maximum.</summary>
    public Exception? Failure { get; private set; }

    public override long Position { get => _read; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Failure is not null)
        {
            return 0;
        }

        try
        {
            int n = inner.Read(buffer);
            return Account(buffer[..n]);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            Failure = e;
            return 0;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            return 0;
        }

        try
        {
            int n = await inner.ReadAsync(buffer, cancellationToken);
            return Account(buffer.Span[..n]);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            Failure = e;
            return 0;
        }
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _read += data.Length;
        if (_read > maxBytes)
        {
            Failure = new SubmissionTooLargeException(maxBytes);
            return 0;
        }

        hash.AppendData(data);
        return data.Length;
    }
}
