using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts a Word document into a Word document with the same layout: the body, headers, footers, comments,
/// footnotes and endnotes (tables and text boxes included), paragraph by paragraph, matching across the runs a
/// paragraph is split into. Deleted text of tracked changes, field codes, external link targets (a
/// <c>mailto:</c> address) and the document's properties (author, title, custom properties) are redacted too, since
/// they carry the same data. Findings name the part and the
/// paragraph (0-based, in document order within the part); offsets are within the paragraph's text.
/// </summary>
internal sealed class WordRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, DocumentOptions limits)
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static readonly XNamespace Wns = W;
    private static readonly XName Paragraph = Wns + "p";
    private static readonly XName[] TextKinds = [Wns + "t", Wns + "delText", Wns + "instrText"];
    private static readonly XName Instr = Wns + "instr";

    public void Redact(FileStream input, Stream output, Action<long, long> progress, CancellationToken cancellationToken)
    {
        using var package = OfficePackage.Open(input, DocumentKind.Docx, limits);
        HashSet<string> textParts = TextParts(input, out Dictionary<string, OfficePropertiesRedaction.Kind> properties);
        package.Rewrite(
            output,
            entry => entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
                ? (source, target) => RelationshipRedaction.Rewrite(source, target, recognizer, anonymizer, log, entry.FullName)
                : textParts.Contains(entry.FullName) ? (source, target) => RewritePart(entry.FullName, source, target)
                : properties.TryGetValue(entry.FullName, out OfficePropertiesRedaction.Kind kind)
                    ? (source, target) => OfficePropertiesRedaction.Rewrite(source, target, kind, entry.FullName, DocumentKind.Docx, recognizer, anonymizer, log)
                    : null,
            done => progress(done, package.TotalBytes),
            cancellationToken);
    }

    private static HashSet<string> TextParts(FileStream input, out Dictionary<string, OfficePropertiesRedaction.Kind> properties)
    {
        // The Open XML SDK reads the package's relationships: which parts hold the text (main document, headers,
        // footers, comments, notes), wherever the producer named them.
        input.Position = 0;
        using var document = WordprocessingDocument.Open(input, false, new OpenSettings { AutoSave = false });
        MainDocumentPart main = document.MainDocumentPart ?? throw DocumentFailure.Unreadable("docx", "it has no main document part.");
        if (!main.ContentType.Contains("wordprocessingml", StringComparison.Ordinal))
        {
            // The SDK takes any main part; a workbook or a presentation sent as a Word document is not one.
            throw DocumentFailure.Unreadable("docx", $"its main part is '{main.ContentType}', not a Word document.");
        }

        var parts = new List<OpenXmlPart> { main };
        parts.AddRange(main.HeaderParts);
        parts.AddRange(main.FooterParts);
        AddIf(parts, main.WordprocessingCommentsPart);
        AddIf(parts, main.FootnotesPart);
        AddIf(parts, main.EndnotesPart);
        AddIf(parts, main.GlossaryDocumentPart);
        properties = OfficePropertiesRedaction.Parts(document);
        input.Position = 0;
        return new HashSet<string>(parts.Select(p => Uri.UnescapeDataString(p.Uri.OriginalString).TrimStart('/')), StringComparer.OrdinalIgnoreCase);
    }

    private static void AddIf(List<OpenXmlPart> parts, OpenXmlPart? part)
    {
        if (part is not null)
        {
            parts.Add(part);
        }
    }

    private void RewritePart(string part, Stream source, Stream target)
    {
        int index = 0;
        XmlPartRewriter.Rewrite(
            source,
            target,
            reader => reader.LocalName == "p" && reader.NamespaceURI == W,
            paragraph =>
            {
                // A paragraph can hold others (text boxes): each is redacted on its own, numbered in document order.
                foreach (XElement p in paragraph.DescendantsAndSelf(Paragraph))
                {
                    RedactParagraph(part, index++, p);
                }
            });
    }

    private void RedactParagraph(string part, int index, XElement paragraph)
    {
        foreach (XName kind in TextKinds)
        {
            List<XElement> texts = [.. paragraph.Descendants(kind).Where(t => t.Ancestors(Paragraph).First() == paragraph)];
            foreach (EntityFinding finding in RunTextRedaction.Redact(texts, recognizer, anonymizer, limits.MaxTextChars))
            {
                log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Part: part, Paragraph: index));
            }
        }

        foreach (XElement field in paragraph.Descendants(Wns + "fldSimple").Where(f => f.Ancestors(Paragraph).First() == paragraph))
        {
            if (field.Attribute(Instr) is { } instr)
            {
                instr.Value = TextRedactor.Redact(instr.Value, recognizer, anonymizer, finding =>
                    log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Part: part, Paragraph: index)));
            }
        }
    }
}
