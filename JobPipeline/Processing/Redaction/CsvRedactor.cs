using System.Text;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Redacts RFC 4180 CSV cell by cell while streaming: delimiters, line endings (CRLF, LF or CR) and quoting stay as
/// they were; a quoted cell stays quoted (inner quotes doubled), an unquoted cell whose replacement needs quotes gets
/// them. Findings carry the 0-based row and column and offsets into the original document.
/// </summary>
internal sealed class CsvRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log)
{
    private const int FlushChars = 32 * 1024;

    private enum State { CellStart, Unquoted, Quoted, QuoteInQuoted, AfterCarriageReturn }

    private readonly StringBuilder _value = new();
    private readonly List<long> _positions = [];
    private readonly StringBuilder _output = new();
    private readonly List<string?> _labels = [];
    private bool _quoted;
    private int _row;
    private int _column;

    public async Task WriteRedactedAsync(TextReader reader, TextWriter writer, Action? afterChunk, CancellationToken cancellationToken)
    {
        char[] buffer = new char[64 * 1024];
        State state = State.CellStart;
        long offset = 0L;
        bool cellOpen = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (int i = 0; i < read; i++, offset++)
            {
                char c = buffer[i];
                if (state == State.AfterCarriageReturn)
                {
                    state = State.CellStart;
                    if (c == '\n')
                    {
                        _output.Append('\n');
                        continue;
                    }
                }

                if (state == State.CellStart)
                {
                    _quoted = c == '"';
                    cellOpen = true;
                    state = State.Unquoted;
                    if (_quoted)
                    {
                        state = State.Quoted;
                        continue;
                    }
                }

                switch (state)
                {
                    case State.Quoted:
                        if (c == '"') state = State.QuoteInQuoted;
                        else Append(c, offset);
                        break;
                    case State.QuoteInQuoted when c == '"':
                        Append('"', offset);
                        state = State.Quoted;
                        break;
                    default:
                        state = Unquoted(c, offset, ref cellOpen);
                        break;
                }
            }

            if (_output.Length >= FlushChars)
            {
                await FlushAsync(writer, cancellationToken);
                afterChunk?.Invoke();
            }
        }

        if (cellOpen)
        {
            EndCell();
        }

        await FlushAsync(writer, cancellationToken);
        afterChunk?.Invoke();
    }

    private State Unquoted(char c, long offset, ref bool cellOpen)
    {
        switch (c)
        {
            case ',':
                EndCell();
                _output.Append(',');
                _column++;
                return State.CellStart;
            case '\n' or '\r':
                EndCell();
                cellOpen = false;
                _output.Append(c);
                _row++;
                _column = 0;
                return c == '\r' ? State.AfterCarriageReturn : State.CellStart;
            default:
                // Text after a closing quote ("a"b) is malformed; it is kept as part of the cell.
                Append(c, offset);
                return State.Unquoted;
        }
    }

    private void Append(char c, long offset)
    {
        _value.Append(c);
        _positions.Add(offset);
    }

    private void EndCell()
    {
        string value = _value.ToString();
        bool hadFindings = false;

        // The header row labels the cells below it: "Jane" under "first_name" is read as "first name: Jane".
        string? label = _row > 0 && _column < _labels.Count ? _labels[_column] : null;
        if (_row == 0)
        {
            _labels.Add(FieldLabel.From(value));
        }

        string redacted = TextRedactor.Redact(value, recognizer, anonymizer, finding =>
        {
            hadFindings = true;
            log.Add(finding, _positions[finding.Start], _positions[finding.End - 1] + 1, _row, _column);
        }, label);

        if (_quoted || (hadFindings && redacted.AsSpan().IndexOfAny(",\"\r\n") >= 0))
        {
            _output.Append('"').Append(redacted.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            _output.Append(redacted);
        }

        _value.Clear();
        _positions.Clear();
        _quoted = false;
    }

    private async Task FlushAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        foreach (ReadOnlyMemory<char> chunk in _output.GetChunks())
        {
            writer.Write(chunk.Span);
        }

        _output.Clear();
        await writer.FlushAsync(cancellationToken);
    }
}
