using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace JobPipeline.Tests.Support;

/// <summary>
/// Workbooks and Word documents (the <see cref="SampleDocuments"/> ones) with parts beyond the text: charts with
/// their caches, drawings, tables, revision logs, custom XML, embedded packages, pivot caches, alt chunks… Each
/// holds its own personal value, listed with it, so a test can check that the value is nowhere in the output.
/// </summary>
internal static class SamplePackages
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Namespaces = "xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

    /// <summary>The values the chart, drawing and table of <see cref="ChartedWorkbook"/> keep outside the cells.</summary>
    public static readonly string[] ChartValues = ["zed@example.org", "jane@example.com", "bob@example.com", "10.0.0.7", "ann@example.net", "carl@example.com", "dora@example.com", "eve@example.com", "fay@example.com"];

    /// <summary>
    /// The sample workbook with a drawing holding a chart (title split over two runs "Owner zed@" "example.org",
    /// series name and category labels cached from cells, numbers cached) and a text box with alternative text, and a table whose column
    /// name and filter hold values, and an auto-filter on the sheet whose criterion holds one.
    /// </summary>
    public static byte[] ChartedWorkbook() => Workbook(workbook =>
    {
        WorksheetPart sheet = workbook.WorksheetParts.Single();
        DrawingsPart drawings = sheet.AddNewPart<DrawingsPart>();
        ChartPart chart = drawings.AddNewPart<ChartPart>();
        Feed(chart, Chart(""));
        Feed(drawings, $"""
            <xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" {Namespaces}>
            <xdr:twoCellAnchor>{Anchor}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="{drawings.GetIdOfPart(chart)}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>
            <xdr:twoCellAnchor>{Anchor}<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Note" descr="Sticky note for fay@example.com"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Ask ann@example.net</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>
            </xdr:wsDr>
            """);
        TableDefinitionPart table = sheet.AddNewPart<TableDefinitionPart>();
        Feed(table, $"""
            <table xmlns="{Main}" id="1" name="Contacts" displayName="Contacts" ref="A1:B3"><autoFilter ref="A1:B3"><filterColumn colId="0"><filters><filter val="dora@example.com"/></filters></filterColumn></autoFilter><tableColumns count="2"><tableColumn id="1" name="Contact"/><tableColumn id="2" name="to carl@example.com"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>
            """);
        sheet.Worksheet.Append(
            new AutoFilter(new FilterColumn(new Filters(new Filter { Val = "eve@example.com" })) { ColumnId = 0 }) { Reference = "A1:C3" },
            new Drawing { Id = sheet.GetIdOfPart(drawings) },
            new TableParts(new TablePart { Id = sheet.GetIdOfPart(table) }) { Count = 1 });
        sheet.Worksheet.Save();
    });

    /// <summary>The sample workbook as a legacy shared workbook: its revision log (old value "old ruth@example.com",
    /// user "Ruth Miller"), its user names, the user who reserved it, custom XML, and a defined name whose literal
    /// holds "ruth@example.com".</summary>
    public static byte[] SharedWorkbook() => Workbook(workbook =>
    {
        WorkbookRevisionHeaderPart headers = workbook.AddNewPart<WorkbookRevisionHeaderPart>();
        WorkbookRevisionLogPart log = headers.AddNewPart<WorkbookRevisionLogPart>();
        Feed(log, $"""<revisions xmlns="{Main}"><rcc rId="1" sId="1"><oc r="D1" t="inlineStr"><is><t>old ruth@example.com</t></is></oc><nc r="D1" t="inlineStr"><is><t>new</t></is></nc></rcc></revisions>""");
        Feed(headers, $"""<headers xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" guid="{Guid}"><header guid="{Guid}" dateTime="2026-01-02T03:04:05" maxSheetId="2" userName="Ruth Miller" r:id="{headers.GetIdOfPart(log)}"><sheetIdMap count="1"><sheetId val="1"/></sheetIdMap></header></headers>""");
        WorkbookUserDataPart users = workbook.AddNewPart<WorkbookUserDataPart>();
        Feed(users, $"""<users xmlns="{Main}" count="1"><userInfo guid="{Guid}" name="Ruth Miller" id="1" dateTime="2026-01-02T03:04:05"/></users>""");
        workbook.Workbook.InsertAt(new FileSharing { UserName = "Ruth Miller" }, 0);
        workbook.Workbook.Append(new DefinedNames(new DefinedName("\"mail ruth@example.com\"") { Name = "Owner" }));
        workbook.Workbook.Save();
        CustomXmlPart custom = workbook.AddCustomXmlPart(CustomXmlPartType.CustomXml);
        Feed(custom, "<owner>ruth@example.com</owner>");
        Feed(custom.AddNewPart<CustomXmlPropertiesPart>(), """<ds:datastoreItem ds:itemID="{8F4B0C1E-2222-4A2B-9C3D-0E1F2A3B4C5D}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>""");
    });

    /// <summary>The sample workbook with something added by <paramref name="add"/>.</summary>
    public static byte[] Workbook(Action<WorkbookPart> add)
    {
        var stream = new MemoryStream();
        stream.Write(SampleDocuments.Workbook());
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            add(document.WorkbookPart!);
        }

        return stream.ToArray();
    }

    /// <summary>The sample letter with something added by <paramref name="add"/>.</summary>
    public static byte[] Letter(Action<MainDocumentPart> add)
    {
        var stream = new MemoryStream();
        stream.Write(SampleDocuments.Letter());
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            add(document.MainDocumentPart!);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The sample letter with a chart (the <see cref="ChartedWorkbook"/> one) whose data is an embedded workbook
    /// (holding the sample workbook's values), a glossary of building blocks ("Signed sam@example.com", with its own numbering), custom
    /// XML ("kim@example.com"), a document variable in its settings ("lee@example.com"); the chart is drawn in the
    /// body with alternative text ("Sales of gus@example.com").
    /// </summary>
    public static byte[] ChartedLetter() => Letter(main =>
    {
        ChartPart chart = main.AddNewPart<ChartPart>();
        EmbeddedPackagePart data = chart.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx);
        using (var workbook = new MemoryStream(SampleDocuments.Workbook()))
        {
            data.FeedData(workbook);
        }

        Feed(chart, Chart($"""<c:externalData r:id="{chart.GetIdOfPart(data)}"><c:autoUpdate val="0"/></c:externalData>"""));
        GlossaryDocumentPart glossary = main.AddNewPart<GlossaryDocumentPart>();
        glossary.GlossaryDocument = new W.GlossaryDocument(new W.DocParts(new W.DocPart(
            new W.DocPartProperties(new W.DocPartName { Val = "Signature" }),
            new W.DocPartBody(SampleDocuments.Paragraph("Signed sam@example.com")))));
        glossary.AddNewPart<NumberingDefinitionsPart>().Numbering = new W.Numbering();
        Feed(main.AddCustomXmlPart(CustomXmlPartType.CustomXml), "<owner>kim@example.com</owner>");
        main.Document.Body!.InsertAt(new W.Paragraph(new W.Run(new W.Drawing(new DocumentFormat.OpenXml.Drawing.Wordprocessing.Inline(
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent { Cx = 914400, Cy = 914400 },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties { Id = 1, Name = "Chart 1", Description = "Sales of gus@example.com" },
            new DocumentFormat.OpenXml.Drawing.Graphic(new DocumentFormat.OpenXml.Drawing.GraphicData(
                new DocumentFormat.OpenXml.Drawing.Charts.ChartReference { Id = main.GetIdOfPart(chart) }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))))), 0);
        main.Document.Save();
        main.AddNewPart<DocumentSettingsPart>().Settings = new W.Settings(new W.DocumentVariables(new W.DocumentVariable { Name = "client", Val = "lee@example.com" }));
    });

    /// <summary>A package with one more entry that no relationship reaches.</summary>
    public static byte[] WithStrayEntry(byte[] package, string name, string text)
    {
        var stream = new MemoryStream();
        stream.Write(package);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        using (var writer = new StreamWriter(archive.CreateEntry(name).Open()))
        {
            writer.Write(text);
        }

        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="xml"/> as the content of <paramref name="part"/>.</summary>
    public static void Feed(OpenXmlPart part, string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        part.FeedData(stream);
    }

    private const string Guid = "{8F4B0C1E-1111-4A2B-9C3D-0E1F2A3B4C5D}";

    private const string Anchor = "<xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>";

    private static string Chart(string externalData) => $"""
        <c:chartSpace {Namespaces}><c:chart>
        <c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Owner zed@</a:t></a:r><a:r><a:rPr b="1"/><a:t>example.org</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>
        <c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>
        <c:ser><c:idx val="0"/><c:order val="0"/>
        <c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>jane@example.com</c:v></c:pt></c:strCache></c:strRef></c:tx>
        <c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>bob@example.com</c:v></c:pt><c:pt idx="1"><c:v>host 10.0.0.7</c:v></c:pt></c:strCache></c:strRef></c:cat>
        <c:val><c:numRef><c:f>Sheet1!$B$2:$B$3</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>4</c:v></c:pt><c:pt idx="1"><c:v>2.5</c:v></c:pt></c:numCache></c:numRef></c:val>
        </c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>
        <c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>
        <c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>
        </c:plotArea></c:chart>{externalData}</c:chartSpace>
        """;
}
