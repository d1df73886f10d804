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

    /// <summary>
    /// A reviewed letter: a comment by "Jane Roe" (initials "JR"), the people list naming her with the account
    /// "jane.roe@contoso.com", tracked changes by "John Smith" (an insertion in the body, an inserted table row) and
    /// "Jane Roe" (a deletion), a formatting change by "Maria Garcia" in the header, and a JPEG thumbnail.
    /// </summary>
    public static byte[] Reviewed()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            MainDocumentPart main = document.AddMainDocumentPart();
            WordprocessingCommentsPart comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new W.Comments(new W.Comment(Paragraph("Please check.")) { Id = "1", Author = "Jane Roe", Initials = "JR" });
            WordprocessingPeoplePart people = main.AddNewPart<WordprocessingPeoplePart>();
            people.People = new DocumentFormat.OpenXml.Office2013.Word.People(new DocumentFormat.OpenXml.Office2013.Word.Person(
                new DocumentFormat.OpenXml.Office2013.Word.PresenceInfo { ProviderId = "AD", UserId = "jane.roe@contoso.com" }) { Author = "Jane Roe" });
            HeaderPart header = main.AddNewPart<HeaderPart>();
            header.Header = new W.Header(new Paragraph(new Run(
                new RunProperties(new Bold(), new RunPropertiesChange(new PreviousRunProperties()) { Id = "4", Author = "Maria Garcia" }),
                new Text("Draft"))));

            main.Document = new Document(new Body(
                new Paragraph(
                    new CommentRangeStart { Id = "1" },
                    new Run(new Text("Kept ") { Space = SpaceProcessingModeValues.Preserve }),
                    new InsertedRun(new Run(new Text("added"))) { Id = "2", Author = "John Smith" },
                    new DeletedRun(new Run(new DeletedText(" removed") { Space = SpaceProcessingModeValues.Preserve })) { Id = "3", Author = "Jane Roe" },
                    new CommentRangeEnd { Id = "1" },
                    new Run(new CommentReference { Id = "1" })),
                new W.Table(new TableRow(
                    new TableRowProperties(new Inserted { Id = "5", Author = "John Smith" }),
                    new TableCell(Paragraph("New row")))),
                new SectionProperties(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) })));

            ThumbnailPart thumbnail = document.AddThumbnailPart(ThumbnailPartType.Jpeg);
            thumbnail.FeedData(new MemoryStream(Thumbnail));
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A reviewed workbook: a legacy comment by "jroe" (a login name, as Excel often takes it, that no detector
    /// finds) on A1 whose text starts with that name as Excel writes it,
    /// a threaded comment on B1 by "John Smith" (account "john.smith@contoso.com") with its legacy copy (author
    /// "tc={…}", the link to the thread), and a JPEG thumbnail.
    /// </summary>
    public static byte[] ReviewedWorkbook()
    {
        const string personId = "{5B8D7E6A-1C2D-4E3F-9A8B-7C6D5E4F3A2B}";
        const string threadId = "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}";
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            WorkbookPart workbook = document.AddWorkbookPart();
            WorksheetPart sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(new Row(
                new Cell { CellReference = "A1", CellValue = new CellValue("1"), DataType = CellValues.Number },
                new Cell { CellReference = "B1", CellValue = new CellValue("2"), DataType = CellValues.Number }) { RowIndex = 1 }));
            WorksheetCommentsPart comments = sheet.AddNewPart<WorksheetCommentsPart>();
            comments.Comments = new DocumentFormat.OpenXml.Spreadsheet.Comments(
                new Authors(new Author("jroe"), new Author($"tc={threadId}")),
                new CommentList(
                    new DocumentFormat.OpenXml.Spreadsheet.Comment(new CommentText(
                        new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.RunProperties(new DocumentFormat.OpenXml.Spreadsheet.Bold()), new DocumentFormat.OpenXml.Spreadsheet.Text("jroe:")),
                        new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("\nplease check") { Space = SpaceProcessingModeValues.Preserve })))
                    { Reference = "A1", AuthorId = 0 },
                    new DocumentFormat.OpenXml.Spreadsheet.Comment(new CommentText(new DocumentFormat.OpenXml.Spreadsheet.Text("[Threaded comment] Comment: is this right?")))
                    { Reference = "B1", AuthorId = 1 }));
            WorksheetThreadedCommentsPart threaded = sheet.AddNewPart<WorksheetThreadedCommentsPart>();
            threaded.ThreadedComments = new DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.ThreadedComments(
                new DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.ThreadedComment(
                    new DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.ThreadedCommentText("is this right?"))
                { Ref = "B1", PersonId = personId, Id = threadId, DT = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) });
            WorkbookPersonPart persons = workbook.AddNewPart<WorkbookPersonPart>();
            persons.PersonList = new DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.PersonList(
                new DocumentFormat.OpenXml.Office2019.Excel.ThreadedComments.Person
                {
                    DisplayName = "John Smith", Id = personId, UserId = "john.smith@contoso.com", ProviderId = "AD",
                });
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Review", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));

            ThumbnailPart thumbnail = document.AddThumbnailPart(ThumbnailPartType.Jpeg);
            thumbnail.FeedData(new MemoryStream(Thumbnail));
        }

        return stream.ToArray();
    }

    // The start of a JPEG (SOI, APP0 "JFIF"): enough for a part the tests only look for.
    private static byte[] Thumbnail => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0xFF, 0xD9];

    private static Cell SharedCell(string reference, int index) =>
        new() { CellReference = reference, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), DataType = CellValues.SharedString };

    /// <summary><paramref name="package"/> with the text of one entry changed by <paramref name="edit"/>.</summary>
    public static byte[] Edited(byte[] package, string entryName, Func<string, string> edit)
    {
        var stream = new MemoryStream();
        stream.Write(package);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = archive.GetEntry(entryName)!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
            writer.Write(edit(text));
        }

        return stream.ToArray();
    }

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
