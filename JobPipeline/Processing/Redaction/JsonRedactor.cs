using System.Buffers;
using System.Text;
using System.Text.Json;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Redacts a JSON document while streaming it through <see cref="Utf8JsonReader"/>: the output has the same shape, and
/// only string values change (property names, numbers and literals are copied). Findings carry the RFC 6901 pointer
/// of their string and offsets within it. Invalid JSON fails the job with <c>INVALID_JSON</c> and a 1-based line and
/// column (the column counts UTF-8 bytes).
/// </summary>
internal sealed class JsonRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, int maxTokenBytes)
{
    private readonly List<Frame> _frames = [];

    // Where the unconsumed input starts: lines and bytes since the last line break of what was consumed, so that a
    // string that does not decode can be placed like a syntax error (the reader reports only those).
    private long _linesConsumed;
    private long _columnConsumed;

    public async Task WriteRedactedAsync(Stream input, Utf8JsonWriter writer, Action? afterChunk, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
            int length = 0;
            bool endOfInput = false;
            bool first = true;
            while (true)
            {
                while (length < buffer.Length && !endOfInput)
                {
                    int read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    endOfInput = read == 0;
                    length += read;
                }

                int start = 0;
                if (first)
                {
                    first = false;
                    if (buffer.AsSpan(0, length).StartsWith("\uFEFF"u8))
                    {
                        start = 3;
                    }
                }

                int consumed = start + Process(buffer.AsSpan(start, length - start), endOfInput, ref state, writer);
                await writer.FlushAsync(cancellationToken);
                afterChunk?.Invoke();
                if (endOfInput)
                {
                    return;
                }

                int remaining = length - consumed;
                if (remaining == buffer.Length)
                {
                    // One token fills the whole buffer: grow, within the limit.
                    if (buffer.Length >= maxTokenBytes)
                    {
                        throw new JobProcessingException(new JobError(
                            ErrorCodes.PayloadTooLarge, $"A single JSON value is longer than {maxTokenBytes} bytes.", new() { ["max_token_bytes"] = maxTokenBytes }));
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxTokenBytes));
                    buffer.AsSpan(0, remaining).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    buffer.AsSpan(consumed, remaining).CopyTo(buffer);
                }

                length = remaining;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Process(ReadOnlySpan<byte> data, bool isFinalBlock, ref JsonReaderState state, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, state);
        try
        {
            while (reader.Read())
            {
                Write(ref reader, writer);
            }
        }
        catch (JsonException e)
        {
            throw new JobProcessingException(
                new JobError(ErrorCodes.InvalidJson, "The document is not valid JSON.", new()
                {
                    ["line"] = (int)(e.LineNumber ?? 0) + 1,
                    ["column"] = (int)(e.BytePositionInLine ?? 0) + 1,
                }),
                e);
        }
        catch (InvalidOperationException e)
        {
            // GetString of a string holding invalid UTF-8 or an unpaired surrogate escape ("\udc00"): the client's
            // document is at fault, not the job, so it fails like any other malformed JSON, at the string's start.
            (long line, long column) = Position(data[..(int)reader.TokenStartIndex]);
            throw new JobProcessingException(
                new JobError(ErrorCodes.InvalidJson, "The document is not valid JSON: a string holds invalid UTF-8 or an unpaired surrogate.", new()
                {
                    ["line"] = (int)line + 1,
                    ["column"] = (int)column + 1,
                }),
                e);
        }

        state = reader.CurrentState;
        (_linesConsumed, _columnConsumed) = Position(data[..(int)reader.BytesConsumed]);
        return (int)reader.BytesConsumed;
    }

    /// <summary>Zero-based line and byte column just after <paramref name="consumed"/>, counted from the document's start.</summary>
    private (long Line, long Column) Position(ReadOnlySpan<byte> consumed)
    {
        int lastBreak = consumed.LastIndexOf((byte)'\n');
        return lastBreak < 0
            ? (_linesConsumed, _columnConsumed + consumed.Length)
            : (_linesConsumed + consumed.Count((byte)'\n'), consumed.Length - lastBreak - 1);
    }

    private void Write(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                BeforeValue();
                writer.WriteStartObject();
                _frames.Add(new Frame(IsArray: false));
                break;
            case JsonTokenType.StartArray:
                BeforeValue();
                writer.WriteStartArray();
                _frames.Add(new Frame(IsArray: true));
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                _frames.RemoveAt(_frames.Count - 1);
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                _frames.RemoveAt(_frames.Count - 1);
                break;
            case JsonTokenType.PropertyName:
                string name = reader.GetString()!;
                _frames[^1] = _frames[^1] with { Name = name };
                writer.WritePropertyName(name);
                break;
            case JsonTokenType.String:
                BeforeValue();
                string value = reader.GetString()!;
                string? pointer = null;
                // A property's name labels its value: {"first_name": "Jane"} is read as "first name: Jane".
                string? label = _frames.Count > 0 && !_frames[^1].IsArray ? FieldLabel.From(_frames[^1].Name) : null;
                writer.WriteStringValue(TextRedactor.Redact(value, recognizer, anonymizer, finding =>
                    log.Add(finding, finding.Start, finding.End, pointer: pointer ??= Pointer()), label));
                break;
            case JsonTokenType.Number:
                BeforeValue();
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                BeforeValue();
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                BeforeValue();
                writer.WriteNullValue();
                break;
        }
    }

    // Array elements are numbered as they come; the index is that of the value being written.
    private void BeforeValue()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
        {
            _frames[^1] = _frames[^1] with { Index = _frames[^1].Index + 1 };
        }
    }

    private string Pointer()
    {
        var builder = new StringBuilder();
        foreach (Frame frame in _frames)
        {
            builder.Append('/');
            if (frame.IsArray)
            {
                builder.Append(frame.Index);
            }
            else
            {
                builder.Append(frame.Name!.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
        }

        return builder.ToString();
    }

    private sealed record Frame(bool IsArray, int Index = -1, string? Name = null);
}
