using System.Text.Json;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The findings of one document, kept in a compact temporary file rather than in memory, so that a large document
/// with many findings does not grow the process (the findings are written after the redacted text, so they must be
/// kept until then). Counts per type stay in memory for the summary.
/// </summary>
internal sealed class FindingLog(int maxFindings) : IDisposable
{
    private const int FlushBytes = 64 * 1024;
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeIndex = new(StringComparer.Ordinal);
    private readonly List<string> _types = [];
    private FileStream? _file;
    private BinaryWriter? _out;

    public int Count { get; private set; }

    public void Add(EntityFinding finding, long start, long end, int? row = null, int? column = null, string? pointer = null, FindingPlace? place = null)
    {
        if (Count >= maxFindings)
        {
            throw new JobProcessingException(new JobError(
                ErrorCodes.ValidationFailed,
                $"The document has more than {maxFindings} findings; narrow options.entities or options.patterns.",
                new() { ["field"] = "input", ["max_findings"] = maxFindings }));
        }

        if (!_typeIndex.TryGetValue(finding.EntityType, out int type))
        {
            type = _types.Count;
            _types.Add(finding.EntityType);
            _typeIndex[finding.EntityType] = type;
        }

        _out ??= new BinaryWriter(_file = TempFile(), System.Text.Encoding.UTF8, leaveOpen: true);
        byte flags = (byte)((row is null ? 0 : 1) | (column is null ? 0 : 2) | (pointer is null ? 0 : 4) | (place is null ? 0 : 8));
        _out.Write(type);
        _out.Write(start);
        _out.Write(end);
        _out.Write(finding.Score);
        _out.Write(flags);
        if (row is { } r)
        {
            _out.Write(r);
        }

        if (column is { } c)
        {
            _out.Write(c);
        }

        if (pointer is not null)
        {
            _out.Write(pointer);
        }

        place?.Write(_out);
        Count++;
        _counts[finding.EntityType] = _counts.GetValueOrDefault(finding.EntityType) + 1;
    }

    /// <summary>Writes the <c>findings</c> array, flushing the writer as it goes.</summary>
    public async Task WriteAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        writer.WriteStartArray("findings");
        if (_file is not null)
        {
            _out!.Flush();
            _file.Position = 0;
            using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
            for (int i = 0; i < Count; i++)
            {
                string type = _types[reader.ReadInt32()];
                long start = reader.ReadInt64();
                long end = reader.ReadInt64();
                double score = reader.ReadDouble();
                byte flags = reader.ReadByte();
                int? row = (flags & 1) != 0 ? reader.ReadInt32() : null;
                int? column = (flags & 2) != 0 ? reader.ReadInt32() : null;
                string? pointer = (flags & 4) != 0 ? reader.ReadString() : null;
                FindingPlace? place = (flags & 8) != 0 ? FindingPlace.Read(reader) : null;

                writer.WriteStartObject();
                writer.WriteString("entity_type", type);
                if (pointer is not null)
                {
                    writer.WriteString("pointer", pointer);
                }

                place?.WriteJson(writer);

                if (row is { } r)
                {
                    writer.WriteNumber("row", r);
                }

                if (column is { } c)
                {
                    writer.WriteNumber("column", c);
                }

                writer.WriteNumber("start", start);
                writer.WriteNumber("end", end);
                writer.WriteNumber("score", score);
                writer.WriteEndObject();
                if (writer.BytesPending > FlushBytes)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }
        }

        writer.WriteEndArray();
    }

    public System.Text.Json.Nodes.JsonObject Summary()
    {
        var counts = new System.Text.Json.Nodes.JsonObject();
        foreach ((string? type, int count) in _counts)
        {
            counts[type] = count;
        }

        return new() { ["entity_count"] = Count, ["entity_counts"] = counts };
    }

    public void Dispose()
    {
        _out?.Dispose();
        _file?.Dispose();
    }

    private static FileStream TempFile() => new(
        Path.Combine(Path.GetTempPath(), $"jobpipeline-findings-{Guid.NewGuid():N}.bin"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        64 * 1024,
        FileOptions.DeleteOnClose | FileOptions.SequentialScan);
}
