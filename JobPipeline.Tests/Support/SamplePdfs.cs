using System.Text;
using PdfSharp.Pdf;

namespace JobPipeline.Tests.Support;

/// <summary>PDFs written with PDFsharp for the PDF tests: pages whose content streams are given as text.</summary>
internal static class SamplePdfs
{
    /// <summary>
    /// Page 1: an address split over two fonts, a kerned TJ, a hex string; page 2: no personal data; page 3: a card
    /// number shown with the ' operator under character spacing and horizontal scaling.
    /// </summary>
    public static byte[] Letter() => Build(
        "BT /F1 12 Tf 72 720 Td (Mail jane@) Tj /F2 12 Tf (example.com) Tj /F1 12 Tf [( tod) -20 (ay, thanks)] TJ ET\n" +
        "BT /F1 10 Tf 72 700 Td <5365727665722031302e302e302e31> Tj ( is up) Tj ET",
        "BT /F1 12 Tf 72 720 Td (Nothing personal on this page.) Tj ET",
        "BT /F1 11 Tf 1 Tc 3 Tw 80 Tz 14 TL 72 740 Td (Invoice) Tj (Card 4111 1111 1111 1111 paid) ' ET");

    /// <summary>
    /// A page drawn with <c>XGraphics</c> in an embedded TrueType font (a Type0 font with two-byte glyph ids, as most
    /// generated PDFs have), the address in one string between words.
    /// </summary>
    public static byte[] TrueTypeLetter()
    {
        SystemFontResolver.Install();
        var document = new PdfDocument();
        PdfPage page = document.AddPage();
        using (var graphics = PdfSharp.Drawing.XGraphics.FromPdfPage(page))
        {
            var font = new PdfSharp.Drawing.XFont("DejaVu Sans", 12);
            graphics.DrawString("Dear Ann, write to ann.lee@example.org or call.", font, PdfSharp.Drawing.XBrushes.Black, 72, 100);
            graphics.DrawString("Grüße aus Köln, server 192.168.1.20 — ok", font, PdfSharp.Drawing.XBrushes.Black, 72, 130);
        }

        return Save(document);
    }

    /// <summary>A page whose text is drawn by a form XObject.</summary>
    public static byte[] TextInForm()
    {
        var document = new PdfDocument();
        PdfPage page = document.AddPage();
        PdfDictionary fonts = Fonts(document);
        var form = new PdfDictionary(document);
        form.Elements["/Type"] = new PdfName("/XObject");
        form.Elements["/Subtype"] = new PdfName("/Form");
        form.Elements["/BBox"] = new PdfArray(document, new PdfInteger(0), new PdfInteger(0), new PdfInteger(600), new PdfInteger(800));
        var formResources = new PdfDictionary(document);
        formResources.Elements["/Font"] = fonts;
        form.Elements["/Resources"] = formResources;
        form.CreateStream(Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 700 Td (Write to jane@example.com) Tj ET"));
        document.Internals.AddObject(form);
        var xobjects = new PdfDictionary(document);
        xobjects.Elements["/Fm1"] = form.Reference;
        page.Resources.Elements["/XObject"] = xobjects;
        page.Resources.Elements["/Font"] = fonts;
        page.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 720 Td (Header) Tj ET /Fm1 Do"));
        return Save(document);
    }

    /// <summary>
    /// Three pages around form XObjects: page 1 shows "Header" and draws form A ("Write to jane@example.com", then
    /// form B nested in it: "Card 4111 1111 1111 1111 ok"); page 2 draws form A again below "Second page"; page 3 draws
    /// form C ("Nothing personal here"), which must stay as it is.
    /// </summary>
    public static byte[] NestedForms()
    {
        var document = new PdfDocument();
        PdfDictionary fonts = Fonts(document);
        PdfDictionary b = Form(document, fonts, "BT /F1 12 Tf 72 660 Td (Card 4111 1111 1111 1111 ok) Tj ET", null);
        PdfDictionary a = Form(document, fonts, "BT /F1 12 Tf 72 700 Td (Write to jane@example.com) Tj ET q 1 0 0 1 0 0 cm /FmB Do Q", ("/FmB", b));
        PdfDictionary c = Form(document, fonts, "BT /F2 12 Tf 72 700 Td (Nothing personal here) Tj ET", null);
        void Page(string content, string name, PdfDictionary form)
        {
            PdfPage page = document.AddPage();
            var xobjects = new PdfDictionary(document);
            xobjects.Elements[name] = form.Reference;
            page.Resources.Elements["/XObject"] = xobjects;
            page.Resources.Elements["/Font"] = fonts;
            page.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(content));
        }

        Page("BT /F1 12 Tf 72 740 Td (Header) Tj ET /FmA Do", "/FmA", a);
        Page("BT /F1 12 Tf 72 740 Td (Second page) Tj ET /FmA Do", "/FmA", a);
        Page("/FmC Do", "/FmC", c);
        return Save(document);
    }

    /// <summary>
    /// One page of plain text ("Minutes of the meeting") with personal data only around it: information dictionary
    /// (author "Jane Roe", title "Notes for jane@example.com", keywords "call 10.1.2.3"), an XMP stream naming the
    /// author, a note by "John Q. Public" saying "Ask bob@example.com", a FreeText annotation with an appearance
    /// showing "Server 10.20.30.40", a link to <c>mailto:ann@example.net</c>, and a text field "email" whose value is
    /// "carl@example.org".
    /// </summary>
    public static byte[] WithMetadataAndAnnotations()
    {
        PdfDocument document = Document("BT /F1 12 Tf 72 720 Td (Minutes of the meeting) Tj ET");
        document.Info.Author = "Jane Roe";
        document.Info.Title = "Notes for jane@example.com";
        document.Info.Keywords = "call 10.1.2.3";
        document.Info.Subject = "Minutes";
        var xmp = new PdfDictionary(document);
        xmp.Elements["/Type"] = new PdfName("/Metadata");
        xmp.Elements["/Subtype"] = new PdfName("/XML");
        xmp.CreateStream(Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
            "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator><rdf:Seq><rdf:li>Jane Roe</rdf:li></rdf:Seq></dc:creator>" +
            "</rdf:Description></rdf:RDF></x:xmpmeta>"));
        document.Internals.AddObject(xmp);
        document.Internals.Catalog.Elements["/Metadata"] = xmp.Reference;

        PdfPage page = document.Pages[0];
        PdfDictionary fonts = page.Resources.Elements.GetDictionary("/Font")!;
        PdfDictionary Annotation(string subtype, string rect)
        {
            var annotation = new PdfDictionary(document);
            annotation.Elements["/Type"] = new PdfName("/Annot");
            annotation.Elements["/Subtype"] = new PdfName(subtype);
            annotation.Elements["/Rect"] = new PdfLiteral(rect);
            document.Internals.AddObject(annotation);
            return annotation;
        }

        PdfDictionary note = Annotation("/Text", "[72 600 92 620]");
        note.Elements["/Contents"] = new PdfString("Ask bob@example.com");
        note.Elements["/T"] = new PdfString("John Q. Public");
        PdfDictionary free = Annotation("/FreeText", "[72 500 372 520]");
        free.Elements["/Contents"] = new PdfString("Server 10.20.30.40");
        free.Elements["/DA"] = new PdfString("/F1 12 Tf 0 g");
        free.Elements["/AP"] = Appearance(document, fonts, "BT /F1 12 Tf 2 5 Td (Server 10.20.30.40) Tj ET");
        PdfDictionary link = Annotation("/Link", "[72 400 272 420]");
        var action = new PdfDictionary(document);
        action.Elements["/S"] = new PdfName("/URI");
        action.Elements["/URI"] = new PdfString("mailto:ann@example.net");
        link.Elements["/A"] = action;
        PdfDictionary field = Annotation("/Widget", "[72 300 372 320]");
        field.Elements["/FT"] = new PdfName("/Tx");
        field.Elements["/T"] = new PdfString("email");
        field.Elements["/V"] = new PdfString("carl@example.org");
        field.Elements["/DA"] = new PdfString("/F1 12 Tf 0 g");
        field.Elements["/AP"] = Appearance(document, fonts, "/Tx BMC BT /F1 12 Tf 2 5 Td (carl@example.org) Tj ET EMC");
        field.Elements["/P"] = page.Reference;
        page.Elements["/Annots"] = new PdfArray(document, note.Reference!, free.Reference!, link.Reference!, field.Reference!);
        var form = new PdfDictionary(document);
        form.Elements["/Fields"] = new PdfArray(document, field.Reference!);
        form.Elements["/DA"] = new PdfString("/F1 12 Tf 0 g");
        document.Internals.AddObject(form);
        document.Internals.Catalog.Elements["/AcroForm"] = form.Reference;
        return Save(document);
    }

    private static PdfDictionary Appearance(PdfDocument document, PdfDictionary fonts, string content)
    {
        PdfDictionary normal = Form(document, fonts, content, null);
        var appearance = new PdfDictionary(document);
        appearance.Elements["/N"] = normal.Reference;
        return appearance;
    }

    private static PdfDictionary Form(PdfDocument document, PdfDictionary fonts, string content, (string Name, PdfDictionary Form)? nested)
    {
        var form = new PdfDictionary(document);
        form.Elements["/Type"] = new PdfName("/XObject");
        form.Elements["/Subtype"] = new PdfName("/Form");
        form.Elements["/BBox"] = new PdfArray(document, new PdfInteger(0), new PdfInteger(0), new PdfInteger(600), new PdfInteger(800));
        var resources = new PdfDictionary(document);
        resources.Elements["/Font"] = fonts;
        if (nested is { } inner)
        {
            var xobjects = new PdfDictionary(document);
            xobjects.Elements[inner.Name] = inner.Form.Reference;
            resources.Elements["/XObject"] = xobjects;
        }

        form.Elements["/Resources"] = resources;
        form.CreateStream(Encoding.ASCII.GetBytes(content));
        document.Internals.AddObject(form);
        return form;
    }

    /// <summary>The letter, saved with a user password.</summary>
    public static byte[] Encrypted()
    {
        PdfDocument document = Document("BT /F1 12 Tf 72 720 Td (Mail jane@example.com) Tj ET");
        document.SecuritySettings.UserPassword = "secret";
        return Save(document);
    }

    public static byte[] Build(params string[] pages) => Save(Document(pages));

    private static PdfDocument Document(params string[] pages)
    {
        var document = new PdfDocument();
        PdfDictionary fonts = Fonts(document);
        foreach (string content in pages)
        {
            PdfPage page = document.AddPage();
            page.Resources.Elements["/Font"] = fonts;
            page.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(content));
        }

        return document;
    }

    private static PdfDictionary Fonts(PdfDocument document)
    {
        var fonts = new PdfDictionary(document);
        fonts.Elements["/F1"] = Font(document, "Helvetica").Reference;
        fonts.Elements["/F2"] = Font(document, "Helvetica-Bold").Reference;
        return fonts;
    }

    private static PdfDictionary Font(PdfDocument document, string baseFont)
    {
        var font = new PdfDictionary(document);
        font.Elements["/Type"] = new PdfName("/Font");
        font.Elements["/Subtype"] = new PdfName("/Type1");
        font.Elements["/BaseFont"] = new PdfName("/" + baseFont);
        font.Elements["/Encoding"] = new PdfName("/WinAnsiEncoding");
        document.Internals.AddObject(font);
        return font;
    }

    private static byte[] Save(PdfDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
