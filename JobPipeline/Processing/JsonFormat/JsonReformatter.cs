using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// Reformats a JSON text from a stream to a stream with <see cref="Utf8JsonReader"/> over a sliding buffer: without
/// <c>sort_keys</c> only a buffer's worth of input and output is held at a time; with it the value is held as a
/// <see cref="JsonTree"/> first.
/// </summary>
internal static class JsonReformatter
{
    private const int ChunkBytes = 64 * 1024;
    private const int MaxDepth = 256;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reformats <paramref name="input"/> into the stream <paramref name="openOutput"/> gives; throws
    /// <see cref="JobProcessingException"/> with <c>INVALID_JSON</c> and <c>{line, column}</c> for input that is not one JSON value.
    /// The output is opened only when the first buffer of output is due, so an input that fails early (the usual case
    /// for a small document) leaves no result behind.
    /// </summary>
    /// <returns>The bytes read (after a UTF-8 byte order mark, which is skipped) and written.</returns>
    public static async Task<(long InputBytes, long OutputBytes)> ReformatAsync(
        Stream input, Func<CancellationToken, Task<Stream>> openOutput, JsonFormatJobOptions options, CancellationToken cancellationToken = default)
    {
        Stream? output = null;
        try
        {
            var writer = new RawJsonWriter(options.Indent);
            long inputBytes = await ReadAsync(input, writer, options, FlushAsync, cancellationToken);
            await FlushAsync();
            return (inputBytes, writer.BytesFlushed);

            async ValueTask FlushAsync()
            {
                output ??= await openOutput(cancellationToken);
                await writer.FlushAsync(output, cancellationToken);
            }
        }
        finally
        {
            if (output is not null)
            {
                await output.DisposeAsync();
            }
        }
    }

    private static async Task<long> ReadAsync(
        Stream input, RawJsonWriter writer, JsonFormatJobOptions options, Func<ValueTask> flushAsync, CancellationToken cancellationToken)
    {
        JsonTree? tree = options.SortKeys ? new JsonTree() : null;
        IJsonTokenSink sink = tree is null ? writer : tree;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = MaxDepth });
        var position = new LinePosition();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        int filled = 0;
        long inputBytes = 0;
        bool bomChecked = false;
        try
        {
            bool final = false;
            while (!final)
            {
                if (filled == buffer.Length)
                {
                    // One token longer than the buffer (a long string): make room for it.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                final = read == 0;
                filled += read;
                inputBytes += read;
                if (!bomChecked)
                {
                    if (filled < Utf8Bom.Length && !final)
                    {
                        continue;
                    }

                    bomChecked = true;
                    if (buffer.AsSpan(0, filled).StartsWith(Utf8Bom))
                    {
                        buffer.AsSpan(Utf8Bom.Length, filled - Utf8Bom.Length).CopyTo(buffer);
                        filled -= Utf8Bom.Length;
                        inputBytes -= Utf8Bom.Length;
                    }
                }

                int consumed;
                try
                {
                    consumed = ReadTokens(buffer.AsSpan(0, filled), final, ref state, sink, needKeys: tree is not null, position);
                }
                catch (JsonException exception)
                {
                    throw InvalidJson(exception, position, buffer.AsSpan(0, filled));
                }

                position.Discard(buffer.AsSpan(0, consumed));
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (writer.Pending >= ChunkBytes)
                {
                    await flushAsync();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (tree is not null)
        {
            await tree.WriteSortedAsync(writer, flushAsync);
        }

        return inputBytes;
    }

    // Feeds the complete tokens of the buffer to the sink; returns how many bytes they took.
    private static int ReadTokens(
        ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, IJsonTokenSink sink, bool needKeys, LinePosition position)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    sink.StartObject();
                    break;
                case JsonTokenType.EndObject:
                    sink.EndObject();
                    break;
                case JsonTokenType.StartArray:
                    sink.StartArray();
                    break;
                case JsonTokenType.EndArray:
                    sink.EndArray();
                    break;
                case JsonTokenType.PropertyName:
                    EnsureUtf8(ref reader, position, data);
                    sink.PropertyName(reader.ValueSpan, needKeys && reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan);
                    break;
                case JsonTokenType.String:
                    EnsureUtf8(ref reader, position, data);
                    sink.String(reader.ValueSpan);
                    break;
                default:
                    sink.Literal(reader.ValueSpan);
                    break;
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    // The reader checks escapes but not the UTF-8 of the text between them, which this writer copies as it is.
    private static void EnsureUtf8(ref Utf8JsonReader reader, LinePosition position, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> text = reader.ValueSpan;
        if (Utf8.IsValid(text))
        {
            return;
        }

        int valid = 0;
        while (valid < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[valid..], out _, out int length) != OperationStatus.Done)
            {
                (long line, long byteInLine) = position.Find(data, (int)reader.TokenStartIndex + 1 + valid);
                throw new JsonException("The text is not valid UTF-8.", null, line, byteInLine);
            }

            valid += length;
        }
    }

    private static byte[] Unescape(ref Utf8JsonReader reader)
    {
        byte[] key = new byte[reader.ValueSpan.Length];
        try
        {
            return key[..reader.CopyString(key)];
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate has no UTF-8 form: sort such a name by its raw text.
            return reader.ValueSpan.ToArray();
        }
    }

    private static JobProcessingException InvalidJson(JsonException exception, LinePosition position, ReadOnlySpan<byte> buffer)
    {
        (long line, long column) = exception.LineNumber is { } l && exception.BytePositionInLine is { } b
            ? position.Locate(l, b, buffer)
            : (1, 1);
        string reason = exception.Message;
        int internals = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (internals >= 0)
        {
            reason = reason[..internals];
        }

        var error = new JobError(
            ErrorCodes.InvalidJson,
            $"The input is not valid JSON at line {line}, column {column}: {reason}",
            new JsonObject { ["line"] = line, ["column"] = column });
        return new JobProcessingException(error, exception);
    }
}
