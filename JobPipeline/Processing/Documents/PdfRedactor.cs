using System.Globalization;
using System.Text;
using JobPipeline.Processing.Redaction;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;
using SharpDictionary = PdfSharp.Pdf.PdfDictionary;
using SharpDocument = PdfSharp.Pdf.PdfDocument;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts a PDF: PdfPig reads each page's glyphs with their positions and Unicode values, the page's text is
/// searched, and the glyphs of every finding are removed from the page's content stream (PDFsharp parses and writes
/// it): each text-showing operator that shows one is rewritten as a <c>TJ</c> without it, with a spacing adjustment of
/// the glyph's advance so the rest of the line stays where it was. A black box is drawn where the value was.
/// <para>
/// Nothing is trusted blindly: every glyph the rewrite walks must decode to the character PdfPig read at that place,
/// and the output is read again and must not contain any redacted value; otherwise the job fails with
/// <c>UNSUPPORTED_DOCUMENT</c> rather than return a document that still holds the data (text inside form XObjects, for
/// instance, is not rewritten). Pages without findings are left untouched.
/// </para>
/// </summary>
internal sealed class PdfRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, DocumentOptions limits)
{
    private const int MaxFormDepth = 16;

    public void Redact(FileStream input, FileStream output, Action<long, long> progress, CancellationToken cancellationToken)
    {
        Sniff(input);
        using PdfPigDocument reader = OpenReader(input);
        int pages = reader.NumberOfPages;
        if (pages > limits.MaxPdfPages)
        {
            throw DocumentFailure.TooLarge("pdf", $"it has {pages} pages.", "max_pdf_pages", limits.MaxPdfPages);
        }

        input.Position = 0;
        SharpDocument writer = OpenWriter(input);
        var removed = new Dictionary<int, List<string>>();
        for (int number = 1; number <= pages; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<Letter> letters = reader.GetPage(number).Letters;
            (string text, int[] letterAt) = PageText(letters);
            if (text.Length > limits.MaxTextChars)
            {
                throw DocumentFailure.TooLarge("pdf", $"page {number} holds more than {limits.MaxTextChars} characters.", "max_text_chars", limits.MaxTextChars);
            }

            List<EntityFinding> findings = recognizer.Recognize(text);
            if (findings.Count > 0)
            {
                bool[] redacted = new bool[letters.Count];
                var boxes = new List<PdfRectangle>();
                var values = new List<string>();
                foreach (EntityFinding finding in findings)
                {
                    anonymizer.Replace(finding.EntityType, text.AsSpan(finding.Start, finding.Length));
                    log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Page: number));
                    values.Add(text.Substring(finding.Start, finding.Length));
                    boxes.AddRange(Boxes(letters, letterAt, finding, redacted));
                }

                RewritePage(writer.Pages[number - 1], letters, redacted, boxes);
                removed[number] = values;
            }

            progress(number, pages + 1);
        }

        var metadata = new PdfMetadataRedaction(recognizer, anonymizer, log);
        metadata.Redact(writer);
        writer.Save(output, closeStream: false);
        output.Position = 0;
        Verify(output, removed, metadata.Values);
        output.Position = 0;
        progress(pages + 1, pages + 1);
    }

    private static void Sniff(FileStream input)
    {
        Span<byte> head = stackalloc byte[1024];
        int read = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        input.Position = 0;
        if (head[..read].IndexOf("%PDF-"u8) < 0)
        {
            throw DocumentFailure.Unreadable("pdf", "it does not start with a PDF header.");
        }
    }

    private static PdfPigDocument OpenReader(FileStream input)
    {
        PdfPigDocument document;
        try
        {
            input.Position = 0;
            document = PdfPigDocument.Open(input);
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            throw DocumentFailure.Encrypted("pdf");
        }
        catch (Exception e) when (e is not OperationCanceledException and not JobProcessingException)
        {
            throw DocumentFailure.Unreadable("pdf", "its structure is damaged.", e);
        }

        if (document.IsEncrypted)
        {
            // Even with an empty user password, rewriting an encrypted file's streams is not done here.
            document.Dispose();
            throw DocumentFailure.Encrypted("pdf");
        }

        return document;
    }

    private static SharpDocument OpenWriter(FileStream input)
    {
        try
        {
            return PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DocumentFailure.Unreadable("pdf", "its structure cannot be rewritten.", e);
        }
    }

    /// <summary>
    /// The page's text in drawing order: glyph values, with a space where a gap separates words that have no space
    /// glyph, and a line break where the baseline moves. <c>letterAt[i]</c> is the glyph of character i, or -1.
    /// </summary>
    internal static (string Text, int[] LetterAt) PageText(IReadOnlyList<Letter> letters)
    {
        var text = new StringBuilder();
        var letterAt = new List<int>();
        for (int i = 0; i < letters.Count; i++)
        {
            Letter letter = letters[i];
            if (i > 0)
            {
                Letter previous = letters[i - 1];
                double size = Math.Max(1, Math.Max(previous.PointSize, letter.PointSize));
                if (Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > size * 0.5)
                {
                    text.Append('\n');
                    letterAt.Add(-1);
                }
                else if (letter.StartBaseLine.X - previous.EndBaseLine.X > size * 0.2 && letter.Value != " " && previous.Value != " ")
                {
                    text.Append(' ');
                    letterAt.Add(-1);
                }
            }

            foreach (char c in letter.Value)
            {
                text.Append(c);
                letterAt.Add(i);
            }
        }

        return (text.ToString(), [.. letterAt]);
    }

    private static IEnumerable<PdfRectangle> Boxes(IReadOnlyList<Letter> letters, int[] letterAt, EntityFinding finding, bool[] redacted)
    {
        // One box per line the value covers.
        PdfRectangle? box = null;
        double baseline = double.NaN;
        for (int i = finding.Start; i < finding.End; i++)
        {
            int index = letterAt[i];
            if (index < 0 || redacted[index])
            {
                continue;
            }

            redacted[index] = true;
            Letter letter = letters[index];
            PdfRectangle glyph = letter.BoundingBox;
            double height = Math.Max(letter.PointSize, glyph.Height);
            var area = new PdfRectangle(
                Math.Min(letter.StartBaseLine.X, Math.Min(glyph.Left, letter.EndBaseLine.X)),
                Math.Min(glyph.Bottom, letter.StartBaseLine.Y - (height * 0.25)),
                Math.Max(letter.EndBaseLine.X, glyph.Right),
                Math.Max(glyph.Top, letter.StartBaseLine.Y + (height * 0.8)));
            if (box is { } open && Math.Abs(letter.StartBaseLine.Y - baseline) <= height * 0.5)
            {
                box = new PdfRectangle(Math.Min(open.Left, area.Left), Math.Min(open.Bottom, area.Bottom), Math.Max(open.Right, area.Right), Math.Max(open.Top, area.Top));
                continue;
            }

            if (box is { } done)
            {
                yield return done;
            }

            box = area;
            baseline = letter.StartBaseLine.Y;
        }

        if (box is { } last)
        {
            yield return last;
        }
    }

    private static void RewritePage(PdfSharp.Pdf.PdfPage page, IReadOnlyList<Letter> letters, bool[] redacted, List<PdfRectangle> boxes)
    {
        CSequence content = ContentReader.ReadContent(page);
        var rewriter = new TextShowingRewriter(letters, redacted);
        var output = new MemoryStream();
        output.Write("q\n"u8);
        RewriteContent(content, page.Resources, rewriter, output, page.Owner, depth: 0);
        rewriter.CheckAllSeen();
        var draw = new StringBuilder("\nQ\nq 0 g\n");
        foreach (PdfRectangle box in boxes)
        {
            draw.Append(CultureInfo.InvariantCulture, $"{box.Left:0.###} {box.Bottom:0.###} {box.Width:0.###} {box.Height:0.###} re f\n");
        }

        draw.Append("Q\n");
        output.Write(Encoding.ASCII.GetBytes(draw.ToString()));
        page.Contents.ReplaceContent(ContentReader.ReadContent(output.ToArray()));
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="output"/> with every text-showing operator that shows a
    /// redacted glyph rewritten; a form XObject drawn with <c>Do</c> is walked where it is drawn (its glyphs come in
    /// that order in PdfPig's letters), and when it shows a redacted glyph the page draws a rewritten copy of it
    /// instead, so the same form drawn elsewhere (another page, a place without findings) stays as it was.
    /// Returns whether anything changed.
    /// </summary>
    private static bool RewriteContent(CSequence content, SharpDictionary? resources, TextShowingRewriter rewriter, Stream output, SharpDocument document, int depth)
    {
        bool changed = false;
        foreach (CObject item in content)
        {
            if (item is COperator { OpCode.Name: "Do" } draw && draw.Operands.Count == 1 && draw.Operands[0] is CName name
                && resources?.Elements.GetDictionary("/XObject")?.Elements.GetDictionary(name.Name) is { } form
                && form.Elements.GetName("/Subtype") == "/Form")
            {
                if (depth >= MaxFormDepth)
                {
                    throw DocumentFailure.Unsupported("pdf", $"form XObjects nested more than {MaxFormDepth} deep.");
                }

                byte[] source = form.Stream?.UnfilteredValue ?? [];
                var rewritten = new MemoryStream();
                int mark = rewriter.EnterForm();
                bool formChanged = RewriteContent(ContentReader.ReadContent(source), form.Elements.GetDictionary("/Resources") ?? resources, rewriter, rewritten, document, depth + 1);
                rewriter.LeaveForm(mark);
                if (formChanged)
                {
                    string copy = AddFormCopy(resources, form, rewritten.ToArray(), document);
                    output.Write(Encoding.Latin1.GetBytes($"{copy} Do\n"));
                    changed = true;
                    continue;
                }
            }
            else if (item is COperator op && rewriter.Rewrite(op) is { } replaced)
            {
                output.Write(Encoding.Latin1.GetBytes(replaced));
                changed = true;
                continue;
            }

            var single = new CSequence();
            single.Add(item);
            output.Write(single.ToContent());
        }

        return changed;
    }

    // A new form with the original's dictionary (matrix, bounding box, resources) and the rewritten content, under a
    // new name in the resources that drew the original.
    private static string AddFormCopy(SharpDictionary resources, SharpDictionary form, byte[] content, SharpDocument document)
    {
        var copy = new SharpDictionary(document);
        foreach (string key in form.Elements.Keys)
        {
            if (key is "/Length" or "/Filter" or "/DecodeParms")
            {
                continue;
            }

            PdfSharp.Pdf.PdfItem? value = form.Elements[key];
            copy.Elements[key] = value is PdfSharp.Pdf.PdfObject { IsIndirect: false } direct ? direct.Clone() : value;
        }

        copy.CreateStream(content);
        document.Internals.AddObject(copy);
        SharpDictionary xobjects = resources.Elements.GetDictionary("/XObject")!;
        int n = 1;
        while (xobjects.Elements.ContainsKey($"/RedactedForm{n}"))
        {
            n++;
        }

        string name = $"/RedactedForm{n}";
        xobjects.Elements[name] = copy.Reference;
        return name;
    }

    private void Verify(FileStream output, Dictionary<int, List<string>> removed, IReadOnlyList<string> metadataValues)
    {
        if (removed.Count == 0 && metadataValues.Count == 0)
        {
            return;
        }

        using var check = PdfPigDocument.Open(output);
        if (metadataValues.Count > 0)
        {
            string held = string.Join("\n", PdfStrings.OutsidePages(check));
            if (metadataValues.FirstOrDefault(v => PdfStrings.ContainsWord(held, v)) is not null)
            {
                throw DocumentFailure.Unsupported("pdf", "a redacted value in the document's metadata, annotations or form could not be removed.");
            }
        }

        foreach ((int number, List<string> values) in removed)
        {
            string text = PageText(check.GetPage(number).Letters).Text;
            string squeezed = Squeeze(text);
            if (values.Any(v => text.Contains(v, StringComparison.Ordinal) || (Squeeze(v).Length >= 4 && squeezed.Contains(Squeeze(v), StringComparison.Ordinal))))
            {
                throw DocumentFailure.Unsupported("pdf", $"a redacted value on page {number} could not be removed from the page content.");
            }
        }

        _ = limits;
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
