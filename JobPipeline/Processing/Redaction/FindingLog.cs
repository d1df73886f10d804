using System.Text.Json;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.Redaction;

/// <summary>The findings of one document, in document order, with where they were (row/column or JSON pointer).</summary>
internal sealed class FindingLog(int maxFindings)
{
    private readonly List<Entry> _entries = [];
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Add(EntityFinding finding, long start, long end, int? row = null, int? column = null, string? pointer = null)
    {
        if (_entries.Count >= maxFindings)
        {
            throw new JobProcessingException(new JobError(
                ErrorCodes.ValidationFailed,
                $"The document has more than {maxFindings} findings; narrow options.entities or options.patterns.",
                new() { ["field"] = "input", ["max_findings"] = maxFindings }));
        }

        _entries.Add(new Entry(finding.EntityType, start, end, finding.Score, row, column, pointer));
        _counts[finding.EntityType] = _counts.GetValueOrDefault(finding.EntityType) + 1;
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("findings");
        foreach (var entry in _entries)
        {
            writer.WriteStartObject();
            writer.WriteString("entity_type", entry.EntityType);
            if (entry.Pointer is not null) writer.WriteString("pointer", entry.Pointer);
            if (entry.Row is { } row) writer.WriteNumber("row", row);
            if (entry.Column is { } column) writer.WriteNumber("column", column);
            writer.WriteNumber("start", entry.Start);
            writer.WriteNumber("end", entry.End);
            writer.WriteNumber("score", entry.Score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public System.Text.Json.Nodes.JsonObject Summary()
    {
        var counts = new System.Text.Json.Nodes.JsonObject();
        foreach (var (type, count) in _counts)
        {
            counts[type] = count;
        }

        return new() { ["entity_count"] = _entries.Count, ["entity_counts"] = counts };
    }

    private sealed record Entry(string EntityType, long Start, long End, double Score, int? Row, int? Column, string? Pointer);
}
