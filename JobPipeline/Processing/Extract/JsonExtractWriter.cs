using System.Text.Json;

namespace JobPipeline.Processing.Extract;

/// <summary>
/// <c>format=json</c>: <c>{"pages": [{"number", "name"?, "blocks": [{"type": "heading", "level", "text"} |
/// {"type": "paragraph", "text"} | {"type": "table", "rows": [["cell", …], …]}]}]}</c>.
/// </summary>
internal sealed class JsonExtractWriter(Utf8JsonWriter output) : ExtractWriter
{
    public override void Heading(int level, string text)
    {
        output.WriteStartObject();
        output.WriteString("type", "heading");
        output.WriteNumber("level", level);
        output.WriteString("text", text);
        output.WriteEndObject();
    }

    public override void Paragraph(string text)
    {
        output.WriteStartObject();
        output.WriteString("type", "paragraph");
        output.WriteString("text", text);
        output.WriteEndObject();
    }

    public override void BeginTable()
    {
        output.WriteStartObject();
        output.WriteString("type", "table");
        output.WriteStartArray("rows");
    }

    public override void Row(IReadOnlyList<string> cells)
    {
        output.WriteStartArray();
        foreach (string cell in cells)
        {
            output.WriteStringValue(cell);
        }

        output.WriteEndArray();
    }

    public override void EndTable()
    {
        output.WriteEndArray();
        output.WriteEndObject();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    /// <summary>Opens the document object; call once before the first page.</summary>
    public void Start()
    {
        output.WriteStartObject();
        output.WriteStartArray("pages");
    }

    protected override void StartPage(int number, string? name)
    {
        output.WriteStartObject();
        output.WriteNumber("number", number);
        if (name is not null)
        {
            output.WriteString("name", name);
        }

        output.WriteStartArray("blocks");
    }

    protected override void EndPage()
    {
        output.WriteEndArray();
        output.WriteEndObject();
    }

    protected override void Finish()
    {
        output.WriteEndArray();
        output.WriteNumber("page_count", PageCount);
        output.WriteEndObject();
    }
}
