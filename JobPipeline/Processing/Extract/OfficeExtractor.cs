using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using JobPipeline.Processing.Documents;
using Break = DocumentFormat.OpenXml.Wordprocessing.Break;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace JobPipeline.Processing.Extract;

/// <summary>Reads the text of Word documents (headings, paragraphs, tables) and workbooks (one page per sheet, its rows).</summary>
internal static class OfficeExtractor
{
    public static void Word(FileStream input, DocumentOptions limits, ExtractWriter writer)
    {
        using (OfficePackage.Open(input, DocumentKind.Docx, limits))
        {
        }

        input.Position = 0;
        using var document = WordprocessingDocument.Open(input, false);
        MainDocumentPart main = document.MainDocumentPart ?? throw DocumentFailure.Unreadable("docx", "it has no main document part.");
        if (!main.ContentType.Contains("wordprocessingml", StringComparison.Ordinal))
        {
            throw DocumentFailure.Unreadable("docx", $"its main part is '{main.ContentType}', not a Word document.");
        }

        writer.BeginPage(null);
        foreach (OpenXmlElement block in main.Document.Body?.ChildElements ?? [])
        {
            switch (block)
            {
                case Paragraph paragraph:
                    if (paragraph.ParagraphProperties?.PageBreakBefore is { } before && (before.Val?.Value ?? true))
                    {
                        writer.BeginPage(null);
                    }

                    string text = ParagraphText(paragraph);
                    if (HeadingLevel(paragraph) is { } level && text.Length > 0)
                    {
                        writer.Heading(level, text);
                    }
                    else if (text.Length > 0)
                    {
                        writer.Paragraph(text);
                    }

                    if (paragraph.Descendants<Break>().Any(b => b.Type?.Value == BreakValues.Page))
                    {
                        writer.BeginPage(null);
                    }

                    break;
                case DocumentFormat.OpenXml.Wordprocessing.Table table:
                    writer.BeginTable();
                    foreach (TableRow row in table.Elements<TableRow>())
                    {
                        writer.Row([.. row.Elements<TableCell>().Select(c => string.Join(" ", c.Elements<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0)))]);
                    }

                    writer.EndTable();
                    break;
            }
        }
    }

    public static void Excel(FileStream input, DocumentOptions limits, ExtractWriter writer)
    {
        using (OfficePackage.Open(input, DocumentKind.Xlsx, limits))
        {
        }

        input.Position = 0;
        using var document = SpreadsheetDocument.Open(input, false);
        WorkbookPart workbook = document.WorkbookPart ?? throw DocumentFailure.Unreadable("xlsx", "it has no workbook part.");
        if (!workbook.ContentType.Contains("spreadsheetml", StringComparison.Ordinal))
        {
            throw DocumentFailure.Unreadable("xlsx", $"its main part is '{workbook.ContentType}', not a workbook.");
        }

        List<string> strings = SharedStrings(workbook);
        foreach (Sheet sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
        {
            if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                continue;
            }

            writer.BeginPage(sheet.Name?.Value);
            bool table = false;
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new List<string>();
                foreach (Cell cell in row.Elements<Cell>())
                {
                    int column = Column(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(CellText(cell, strings));
                }

                if (!table)
                {
                    writer.BeginTable();
                    table = true;
                }

                writer.Row(cells);
            }

            if (table)
            {
                writer.EndTable();
            }
        }
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                strings.Add(string.Concat(item.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Where(t => t.Parent is not PhoneticRun).Select(t => t.Text)));
            }
        }

        return strings;
    }

    private static string CellText(Cell cell, List<string> strings)
    {
        string value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < strings.Count ? strings[index] : "";
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return value == "1" ? "TRUE" : "FALSE";
        }

        return value;
    }

    /// <summary>The 0-based column of a reference such as <c>C5</c>.</summary>
    private static int? Column(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        int column = 0;
        int i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return i == 0 || column > 16_384 ? null : column - 1;
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new System.Text.StringBuilder();
        foreach (OpenXmlElement element in paragraph.Descendants())
        {
            switch (element)
            {
                case WordText t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break b when b.Type is null || b.Type.Value == BreakValues.TextWrapping:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static int? HeadingLevel(Paragraph paragraph)
    {
        string? style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        if (style is "Title")
        {
            return 1;
        }

        if (style is not null && style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(style.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int level) && level is >= 1 and <= 9)
        {
            return Math.Min(level, 6);
        }

        return paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? Math.Min(outline + 1, 6) : null;
    }
}
