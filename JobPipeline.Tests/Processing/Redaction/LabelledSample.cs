using System.Text.Json;

namespace JobPipeline.Tests.Processing.Redaction;

/// <summary>The hand-labelled sample set in <c>redaction-samples.json</c>: tricky positives and negatives per entity type.</summary>
public sealed record LabelledSample(string Note, string Text, IReadOnlyList<LabelledEntity> Expect)
{
    public static IReadOnlyList<LabelledSample> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Processing", "Redaction", "redaction-samples.json");
        return JsonSerializer.Deserialize<List<LabelledSample>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The labels as (type, start, end) in <see cref="Text"/>.</summary>
    public IEnumerable<(string Type, int Start, int End)> Spans() =>
        Expect.Select(e => (e.Type, Text.IndexOf(e.Value, StringComparison.Ordinal), Text.IndexOf(e.Value, StringComparison.Ordinal) + e.Value.Length));

    public override string ToString() => Note;
}
