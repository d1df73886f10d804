using System.Text.Json;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Where in a document a finding is: the page of a PDF, the part and paragraph of a Word document, the sheet and
/// cell of a workbook. Offsets of the finding are then within that paragraph, cell or page text.
/// </summary>
/// <param name="Page">1-based page number (PDF).</param>
/// <param name="Part">The package part (<c>word/document.xml</c>, <c>word/header1.xml</c>, <c>xl/sharedStrings.xml</c>, …).</param>
/// <param name="Paragraph">0-based index of the paragraph within its part.</param>
/// <param name="Sheet">The worksheet's name.</param>
/// <param name="Cell">The cell reference (<c>B7</c>).</param>
/// <param name="Property">The named field of a document's metadata, annotation or form that held it (<c>creator</c>,
/// <c>Author</c>, <c>Contents</c>, a form field's name); offsets are then within that field's value.</param>
internal sealed record FindingPlace(int? Page = null, string? Part = null, int? Paragraph = null, string? Sheet = null, string? Cell = null, string? Property = null)
{
    public void Write(BinaryWriter writer)
    {
        WriteOptional(writer, Page);
        WriteOptional(writer, Part);
        WriteOptional(writer, Paragraph);
        WriteOptional(writer, Sheet);
        WriteOptional(writer, Cell);
        WriteOptional(writer, Property);
    }

    public static FindingPlace Read(BinaryReader reader) => new(
        ReadInt(reader), ReadString(reader), ReadInt(reader), ReadString(reader), ReadString(reader), ReadString(reader));

    public void WriteJson(Utf8JsonWriter writer)
    {
        if (Page is { } page)
        {
            writer.WriteNumber("page", page);
        }

        if (Part is not null)
        {
            writer.WriteString("part", Part);
        }

        if (Paragraph is { } paragraph)
        {
            writer.WriteNumber("paragraph", paragraph);
        }

        if (Sheet is not null)
        {
            writer.WriteString("sheet", Sheet);
        }

        if (Cell is not null)
        {
            writer.WriteString("cell", Cell);
        }

        if (Property is not null)
        {
            writer.WriteString("property", Property);
        }
    }

    private static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static int? ReadInt(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;

    private static string? ReadString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
