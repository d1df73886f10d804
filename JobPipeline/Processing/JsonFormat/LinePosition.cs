namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// Follows the line structure of the input bytes already consumed and dropped from the read buffer, so that an
/// error the reader reports as (0-based line, byte in line) can be told as a 1-based line and a column in
/// characters (Unicode code points), even when the start of the line has left the buffer.
/// </summary>
internal sealed class LinePosition
{
    private long _lines;
    private long _lineBytes;
    private long _lineChars;

    /// <summary>Takes note of bytes dropped from the front of the buffer.</summary>
    public void Discard(ReadOnlySpan<byte> bytes)
    {
        int lastNewLine = bytes.LastIndexOf((byte)'\n');
        if (lastNewLine < 0)
        {
            _lineBytes += bytes.Length;
            _lineChars += CountChars(bytes);
            return;
        }

        _lines += bytes.Count((byte)'\n');
        ReadOnlySpan<byte> tail = bytes[(lastNewLine + 1)..];
        _lineBytes = tail.Length;
        _lineChars = CountChars(tail);
    }

    /// <summary>The reader's 0-based (line, byte in line) of <paramref name="offset"/> in <paramref name="buffer"/>.</summary>
    public (long Line, long ByteInLine) Find(ReadOnlySpan<byte> buffer, int offset)
    {
        ReadOnlySpan<byte> before = buffer[..offset];
        int lastNewLine = before.LastIndexOf((byte)'\n');
        return lastNewLine < 0
            ? (_lines, _lineBytes + offset)
            : (_lines + before.Count((byte)'\n'), offset - lastNewLine - 1);
    }

    /// <summary>The 1-based line and column of a reader position; <paramref name="buffer"/> holds what follows the dropped bytes.</summary>
    public (long Line, long Column) Locate(long line, long byteInLine, ReadOnlySpan<byte> buffer)
    {
        long chars = 0;
        long bytesBefore = 0;
        ReadOnlySpan<byte> rest = buffer;
        if (line == _lines)
        {
            chars = _lineChars;
            bytesBefore = _lineBytes;
        }
        else
        {
            for (long skip = line - _lines; skip > 0; skip--)
            {
                int newLine = rest.IndexOf((byte)'\n');
                rest = newLine < 0 ? [] : rest[(newLine + 1)..];
            }
        }

        int take = (int)Math.Clamp(byteInLine - bytesBefore, 0, rest.Length);
        chars += CountChars(rest[..take]);
        return (line + 1, chars + 1);
    }

    // A UTF-8 character starts at every byte that is not a continuation byte (10xxxxxx).
    private static long CountChars(ReadOnlySpan<byte> bytes)
    {
        long count = 0;
        foreach (byte b in bytes)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
