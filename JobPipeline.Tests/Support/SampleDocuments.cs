using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Break = DocumentFormat.OpenXml.Wordprocessing.Break;
using DocumentFormat.OpenXml.Wordprocessing;
using Bold = DocumentFormat.OpenXml.Wordprocessing.Bold;
using Italic = DocumentFormat.OpenXml.Wordprocessing.Italic;
using Run = DocumentFormat.OpenXml.Wordprocessing.Run;
using RunProperties = DocumentFormat.OpenXml.Wordprocessing.RunProperties;
using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace JobPipeline.Tests.Support;

/// <summary>Word and Excel documents built in code for the document tests.</summary>
internal static class SampleDocuments
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// A letter: an e-mail address split over a bold and an italic run, a table, a header, a footer, a comment,
    /// a footnote and a mailto hyperlink.
    /// </summary>
    public static byte[] Letter()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            MainDocumentPart main = document.AddMainDocumentPart();
            HeaderPart header = main.AddNewPart<HeaderPart>();
            header.Header = new W.Header(Paragraph("Header: hr@example.org"));
            FooterPart footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(Paragraph("Footer: call 10.1.2.3"));
            WordprocessingCommentsPart comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new W.Comments(new W.Comment(Paragraph("Ask bob@example.com")) { Id = "1", Author = "Reviewer" });
            FootnotesPart footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(new Footnote(Paragraph("Source: ann@example.net")) { Id = 1 });
            HyperlinkRelationship link = main.AddHyperlinkRelationship(new Uri("mailto:jane.doe@example.com"), true);

            var split = new Paragraph(
                new Run(new Text("Mail ") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(new RunProperties(new Bold()), new Text("jane.doe@")),
                new Run(new RunProperties(new Italic()), new Text("example.com")),
                new Run(new Text(" today, thanks.") { Space = SpaceProcessingModeValues.Preserve }));
            var table = new W.Table(new TableRow(
                new TableCell(Paragraph("Name")),
                new TableCell(Paragraph("server 192.168.7.9"))));
            var linked = new Paragraph(new W.Hyperlink(new Run(new Text("write to me"))) { Id = link.Id });
            main.Document = new Document(new Body(
                split,
                table,
                linked,
                Paragraph("Nothing here."),
                new SectionProperties(
                    new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                    new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) })));
        }

        return stream.ToArray();
    }

    /// <summary>A report: a heading, a paragraph, a table, a page break, a second-level heading.</summary>
    public static byte[] Report()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            MainDocumentPart main = document.AddMainDocumentPart();
            Paragraph Heading(string text, int level) =>
                new(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), new Run(new Text(text)));
            main.Document = new Document(new Body(
                Heading("Quarterly report", 1),
                Paragraph("Sales grew."),
                new W.Table(
                    new TableRow(new TableCell(Paragraph("Region")), new TableCell(Paragraph("Sales"))),
                    new TableRow(new TableCell(Paragraph("North")), new TableCell(Paragraph("12")))),
                new Paragraph(new Run(new Break { Type = BreakValues.Page })),
                Heading("Appendix", 2),
                Paragraph("Method notes.")));
        }

        return stream.ToArray();
    }

    public static Paragraph Paragraph(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    /// <summary>
    /// A workbook: sheet "a@example.com" (a name that must stay) with a shared string shown in two cells, a rich-text
    /// shared string split over runs, an inline string, a number, a formula with a text result; a comment.
    /// </summary>
    public static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            WorkbookPart workbook = document.AddWorkbookPart();
            SharedStringTablePart strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("Contact")),
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("jane@example.com")),
                new SharedStringItem(
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.RunProperties(new DocumentFormat.OpenXml.Spreadsheet.Bold()), new DocumentFormat.OpenXml.Spreadsheet.Text("host 10.0.")),
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("0.7 up"))),
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("unused mail zed@example.org")));
            WorksheetPart sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(
                    SharedCell("A1", 0),
                    new Cell { CellReference = "B1", CellValue = new CellValue("42"), DataType = CellValues.Number }),
                new Row(
                    SharedCell("A2", 1),
                    SharedCell("B2", 2)) { RowIndex = 2 },
                new Row(
                    new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("inline 172.16.0.4"))) { CellReference = "A3", DataType = CellValues.InlineString },
                    SharedCell("B3", 1),
                    new Cell(new CellFormula("\"ip \"&\"10.9.8.7\""), new CellValue("ip 10.9.8.7")) { CellReference = "C3", DataType = CellValues.String }) { RowIndex = 3 }));
            WorksheetCommentsPart comments = sheet.AddNewPart<WorksheetCommentsPart>();
            comments.Comments = new DocumentFormat.OpenXml.Spreadsheet.Comments(
                new Authors(new Author("Reviewer")),
                new CommentList(new DocumentFormat.OpenXml.Spreadsheet.Comment(new CommentText(new DocumentFormat.OpenXml.Spreadsheet.Text("check bob@example.com"))) { Reference = "A2", AuthorId = 0 }));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "a@example.com", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }

        return stream.ToArray();
    }

    /// <summary>
    /// <paramref name="package"/> (a DOCX or XLSX) with core, extended and custom properties that hold personal data:
    /// author "Jane Roe", last editor "John Q. Public", manager "Maria Garcia", title "Notes for jane@example.com",
    /// description "call 10.1.2.3", company "Roe Consulting", a custom property "Owner mail" = "owner@example.com";
    /// and some that do not (category "Internal", a creation date, a custom number).
    /// </summary>
    public static byte[] WithProperties(byte[] package, bool word)
    {
        var stream = new MemoryStream();
        stream.Write(package);
        stream.Position = 0;
        using (OpenXmlPackage document = word ? WordprocessingDocument.Open(stream, true) : SpreadsheetDocument.Open(stream, true))
        {
            document.PackageProperties.Creator = "Jane Roe";
            document.PackageProperties.LastModifiedBy = "John Q. Public";
            document.PackageProperties.Title = "Notes for jane@example.com";
            document.PackageProperties.Description = "call 10.1.2.3";
            document.PackageProperties.Category = "Internal";
            document.PackageProperties.Created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            ExtendedFilePropertiesPart extended = word
                ? ((WordprocessingDocument)document).AddExtendedFilePropertiesPart()
                : ((SpreadsheetDocument)document).AddExtendedFilePropertiesPart();
            extended.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
                new DocumentFormat.OpenXml.ExtendedProperties.Application("Test Writer"),
                new DocumentFormat.OpenXml.ExtendedProperties.Manager("Maria Garcia"),
                new DocumentFormat.OpenXml.ExtendedProperties.Company("Roe Consulting for owner@example.com"));
            CustomFilePropertiesPart custom = word
                ? ((WordprocessingDocument)document).AddCustomFilePropertiesPart()
                : ((SpreadsheetDocument)document).AddCustomFilePropertiesPart();
            custom.Properties = new DocumentFormat.OpenXml.CustomProperties.Properties(
                new DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty(new DocumentFormat.OpenXml.VariantTypes.VTLPWSTR("owner@example.com"))
                {
                    FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = 2, Name = "Owner mail",
                },
                new DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty(new DocumentFormat.OpenXml.VariantTypes.VTInt32("7"))
                {
                    FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = 3, Name = "Copies",
                });
        }

        return stream.ToArray();
    }

    private static Cell SharedCell(string reference, int index) =>
        new() { CellReference = reference, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), DataType = CellValues.SharedString };

    /// <summary>Every entry's text of a package, for checking that a value appears nowhere.</summary>
    public static string AllText(byte[] package)
    {
        using var archive = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return string.Concat(archive.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }

    /// <summary>A zip whose one entry expands from a few KiB to 64 MiB of zeros.</summary>
    public static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = archive.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The start of an OLE compound file naming an EncryptionInfo stream, as Office writes a protected package.</summary>
    public static byte[] EncryptedOffice()
    {
        byte[] magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        return [.. magic, .. new byte[504], .. System.Text.Encoding.Unicode.GetBytes("EncryptionInfo"), .. new byte[512]];
    }
}
