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
/// they carry the same data; so are the people who wrote comments and tracked changes (<c>w:author</c>, also in
/// styles and numbering; a comment's <c>w:initials</c> are removed) and the people list (<c>word/people.xml</c>:
/// author and account id), each a person named by its role (<see cref="FieldRedaction"/>). Charts, drawings and
/// diagrams have their text redacted (<see cref="CachedTextRedaction"/>), and so has the alternative text of pictures; every other part is known to hold no text,
/// dropped, or fails the job (<see cref="PartPolicy"/>). Findings name the part
/// and the paragraph (0-based, in document order within the part); offsets are within the paragraph's text.
/// </summary>
internal sealed class WordRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, DocumentOptions limits)
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static readonly XNamespace Wns = W;
    private static readonly XName Paragraph = Wns + "p";
    private static readonly XName[] TextKinds = [Wns + "t", Wns + "delText", Wns + "instrText"];
    private static readonly XName Instr = Wns + "instr";
    private static readonly XName Initials = Wns + "initials";
    private static readonly XName[] PersonAttributes = [Wns + "author", Initials];
    private const string W15 = "http://schemas.microsoft.com/office/word/2012/wordml";
    private static readonly XNamespace W15ns = W15;
    private static readonly XName[] PeopleAttributes = [W15ns + "author", W15ns + "userId"];

    public void Redact(FileStream input, Stream output, Action<long, long> progress, CancellationToken cancellationToken)
    {
        using var package = OfficePackage.Open(input, DocumentKind.Docx, limits);
        HashSet<string> textParts = TextParts(input, out Dictionary<string, OfficePropertiesRedaction.Kind> properties, out string? people);
        PartPlan plan = PartPolicy.Plan(package, entry => textParts.Contains(entry) || properties.ContainsKey(entry) || string.Equals(entry, people, StringComparison.OrdinalIgnoreCase));
        package.Rewrite(
            output,
            plan,
            entry => entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
                ? (source, target) => RelationshipRedaction.Rewrite(source, target, recognizer, anonymizer, log, entry.FullName, plan.Dropped)
                : plan.Cached.TryGetValue(entry.FullName, out CachedTextRedaction.Kind cached)
                    ? (source, target) => CachedTextRedaction.Rewrite(source, target, cached, entry.FullName, recognizer, anonymizer, log, limits.MaxTextChars)
                : textParts.Contains(entry.FullName) ? (source, target) => RewritePart(entry.FullName, source, target)
                : string.Equals(entry.FullName, people, StringComparison.OrdinalIgnoreCase) ? (source, target) => RewritePeople(entry.FullName, source, target)
                : properties.TryGetValue(entry.FullName, out OfficePropertiesRedaction.Kind kind)
                    ? (source, target) => OfficePropertiesRedaction.Rewrite(source, target, kind, entry.FullName, DocumentKind.Docx, recognizer, anonymizer, log)
                    : null,
            done => progress(done, package.TotalBytes),
            cancellationToken);
    }

    private static HashSet<string> TextParts(FileStream input, out Dictionary<string, OfficePropertiesRedaction.Kind> properties, out string? people)
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

        // Styles and numbering hold no text to redact but can hold tracked changes of formatting, with their author.
        AddIf(parts, main.StyleDefinitionsPart);
        AddIf(parts, main.NumberingDefinitionsPart);
        AddIf(parts, main.GlossaryDocumentPart?.StyleDefinitionsPart);
        AddIf(parts, main.GlossaryDocumentPart?.NumberingDefinitionsPart);
        properties = OfficePropertiesRedaction.Parts(document);
        people = main.WordprocessingPeoplePart is { } list ? EntryName(list) : null;
        input.Position = 0;
        return new HashSet<string>(parts.Select(EntryName), StringComparer.OrdinalIgnoreCase);
    }

    private static string EntryName(OpenXmlPart part) => Uri.UnescapeDataString(part.Uri.OriginalString).TrimStart('/');

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
            // A paragraph, or outside one an element that names who made it (a comment, a tracked change of a table
            // row or of section properties).
            reader => reader.NamespaceURI == W && (reader.LocalName == "p" || reader.GetAttribute("author", W) is not null),
            element =>
            {
                // A paragraph can hold others (text boxes): each is redacted on its own, numbered in document order.
                int first = index;
                List<XElement> paragraphs = [.. element.DescendantsAndSelf(Paragraph)];
                foreach (XElement p in paragraphs)
                {
                    RedactParagraph(part, index++, p);
                }

                foreach (XElement named in element.DescendantsAndSelf())
                {
                    if (named.Name.LocalName is "docPr" or "cNvPr")
                    {
                        // A picture's or shape's alternative text and title describe what it shows.
                        int? paragraph = named.Ancestors(Paragraph).FirstOrDefault() is { } p ? first + paragraphs.IndexOf(p) : null;
                        RedactDescription(named, part, paragraph);
                    }

                    foreach (XName name in PersonAttributes)
                    {
                        if (named.Attribute(name) is { } person)
                        {
                            int? paragraph = named.AncestorsAndSelf(Paragraph).FirstOrDefault() is { } p ? first + paragraphs.IndexOf(p) : null;
                            RedactPerson(person, new FindingPlace(Part: part, Paragraph: paragraph, Property: name.LocalName));
                        }
                    }
                }
            });
    }

    private void RedactDescription(XElement properties, string part, int? paragraph)
    {
        foreach (XAttribute attribute in properties.Attributes().Where(a => a.Name.LocalName is "descr" or "title" && a.Name.Namespace == XNamespace.None).ToList())
        {
            string redacted = TextRedactor.Redact(attribute.Value, recognizer, anonymizer, finding =>
                log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Part: part, Paragraph: paragraph, Property: attribute.Name.LocalName)));
            if (!ReferenceEquals(redacted, attribute.Value))
            {
                attribute.Value = redacted;
            }
        }
    }

    private void RedactPerson(XAttribute person, FindingPlace place)
    {
        if (person.Name == Initials && recognizer.Entities.Contains(EntityTypes.Person))
        {
            // A comment's initials (at most 9 characters to Word) cannot hold a placeholder or a hash: they go, as
            // the attribute is optional, reported like the author they abbreviate.
            string value = person.Value.Trim();
            if (value.Length > 0)
            {
                int start = person.Value.IndexOf(value, StringComparison.Ordinal);
                log.Add(new EntityFinding(EntityTypes.Person, start, start + value.Length, FieldRedaction.RoleScore), start, start + value.Length, place: place);
            }

            person.Remove();
            return;
        }

        FieldRedaction.RedactPerson(person, recognizer, anonymizer, log, place);
    }

    // word/people.xml lists the people of the comments (matched to them by name, so both get the same replacement)
    // with the account that identifies each (presenceInfo's userId, an e-mail address or directory id).
    private void RewritePeople(string part, Stream source, Stream target) =>
        XmlPartRewriter.Rewrite(source, target, reader => reader.LocalName == "person" && reader.NamespaceURI == W15, person =>
        {
            foreach (XElement element in person.DescendantsAndSelf())
            {
                foreach (XName name in PeopleAttributes)
                {
                    if (element.Attribute(name) is { } value)
                    {
                        FieldRedaction.RedactPerson(value, recognizer, anonymizer, log, new FindingPlace(Part: part, Property: name.LocalName));
                    }
                }
            }
        });

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
