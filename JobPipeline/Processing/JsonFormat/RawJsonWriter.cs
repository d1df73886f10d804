using System.Buffers;

namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// Writes JSON tokens with their raw input text, changing only whitespace: numbers keep their digits
/// (<c>1.10</c>, <c>1e400</c>), strings and names keep their escapes. <see cref="System.Text.Json.Utf8JsonWriter"/>
/// re-escapes names (it has no raw property name), which would rewrite <c>"\u00e9"</c> or an emoji; hence this writer.
/// Output goes to a buffer the caller drains with <see cref="FlushAsync"/>.
/// </summary>
internal sealed class RawJsonWriter(int indent) : IJsonTokenSink
{
    private const byte NewLine = (byte)'\n';
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Stack<bool> _hasItems = new();
    private bool _afterName;

    /// <summary>Bytes written and not flushed yet.</summary>
    public int Pending => _buffer.WrittenCount;

    /// <summary>Bytes flushed so far.</summary>
    public long BytesFlushed { get; private set; }

    public void StartObject() => Open((byte)'{');

    public void EndObject() => Close((byte)'}');

    public void StartArray() => Open((byte)'[');

    public void EndArray() => Close((byte)']');

    public void PropertyName(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> sortKey)
    {
        Separate();
        Quoted(raw);
        Write((byte)':');
        if (indent > 0)
        {
            Write((byte)' ');
        }

        _afterName = true;
    }

    public void String(ReadOnlySpan<byte> raw)
    {
        Separate();
        Quoted(raw);
    }

    public void Literal(ReadOnlySpan<byte> raw)
    {
        Separate();
        Write(raw);
    }

    /// <summary>Writes the pending bytes to <paramref name="output"/>.</summary>
    public async ValueTask FlushAsync(Stream output, CancellationToken cancellationToken = default)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        BytesFlushed += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
    }

    private void Open(byte bracket)
    {
        Separate();
        Write(bracket);
        _hasItems.Push(false);
    }

    private void Close(byte bracket)
    {
        if (_hasItems.Pop())
        {
            LineBreak(_hasItems.Count);
        }

        Write(bracket);
    }

    // Puts what goes before a value or a name: nothing after a name, else a comma between items and,
    // when indenting, a new line at the item's depth. Empty containers stay "{}" and "[]".
    private void Separate()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_hasItems.Count == 0)
        {
            return;
        }

        if (_hasItems.Pop())
        {
            Write((byte)',');
        }

        _hasItems.Push(true);
        LineBreak(_hasItems.Count);
    }

    private void LineBreak(int depth)
    {
        if (indent == 0)
        {
            return;
        }

        int width = 1 + (depth * indent);
        Span<byte> span = _buffer.GetSpan(width)[..width];
        span[0] = NewLine;
        span[1..].Fill((byte)' ');
        _buffer.Advance(width);
    }

    private void Quoted(ReadOnlySpan<byte> raw)
    {
        Write((byte)'"');
        Write(raw);
        Write((byte)'"');
    }

    private void Write(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    private void Write(ReadOnlySpan<byte> value) => _buffer.Write(value);
}
