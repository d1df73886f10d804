using System.Text;
using PdfSharp.Pdf;

namespace JobPipeline.Tests.Processing.Documents;

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
