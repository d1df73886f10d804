using System.Globalization;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts an Excel workbook into a workbook with the same layout: shared strings (rich text matched across its
/// runs), inline strings, text results of formulas, sheet headers and footers, comments, and the workbook's
/// properties (author, title, custom properties). The people who wrote comments are redacted as persons named by
/// their role (<see cref="FieldRedaction"/>): a legacy comment's author (and the copy of the name Excel puts at the
/// start of its text) and the people list of threaded comments (<c>xl/persons/person.xml</c>: display name and
/// account id). The string literals of defined names, auto-filter criteria and the user who reserved a shared
/// workbook are redacted too; charts, drawings and tables through <see cref="CachedTextRedaction"/>, and every other
/// part is known to hold no text, dropped, or fails the job (<see cref="PartPolicy"/>). Numbers, formulas, styles and
/// sheet names are left alone. Every part is streamed, so a large sheet
/// passes through in bounded memory.
/// Findings name the sheet and cell; offsets are within the cell's text. A shared string is reported at every cell
/// that shows it (and, if no cell does, at the shared-strings part).
/// </summary>
internal sealed partial class ExcelRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, DocumentOptions limits)
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    private const string ThreadedComments = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments";
    private static readonly string[] PersonAttributes = ["displayName", "userId"];
    private static readonly string[] HeaderFooters = ["oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter", "firstFooter"];

    private readonly Dictionary<int, List<EntityFinding>> _sharedFindings = [];
    private readonly HashSet<int> _sharedShown = [];

    public void Redact(FileStream input, Stream output, Action<long, long> progress, CancellationToken cancellationToken)
    {
        using var package = OfficePackage.Open(input, DocumentKind.Xlsx, limits);
        Workbook book = ReadStructure(input);
        ZipArchiveEntry? sharedStrings = book.SharedStrings is null ? null : package.Entry(book.SharedStrings);

        // Shared strings first: the sheets then know which of their cells show a redacted string.
        using FileStream? redactedStrings = sharedStrings is null ? null : SpooledDocument.Create();
        if (sharedStrings is not null)
        {
            using Stream source = package.OpenEntry(sharedStrings);
            RewriteSharedStrings(source, redactedStrings!);
            redactedStrings!.Position = 0;
        }

        PartPlan plan = PartPolicy.Plan(package, entry =>
            book.Sheets.ContainsKey(entry) || book.Comments.ContainsKey(entry) || book.Properties.ContainsKey(entry) || book.Persons.Contains(entry)
            || (sharedStrings is not null && string.Equals(entry, sharedStrings.FullName, StringComparison.OrdinalIgnoreCase))
            || string.Equals(entry, book.Main, StringComparison.OrdinalIgnoreCase));
        long total = package.TotalBytes + (sharedStrings?.Length ?? 0);
        long before = sharedStrings?.Length ?? 0;
        progress(before, total);
        package.Rewrite(
            output,
            plan,
            entry =>
            {
                if (entry == sharedStrings)
                {
                    return (_, target) => redactedStrings!.CopyTo(target);
                }

                if (entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    return (source, target) => RelationshipRedaction.Rewrite(source, target, recognizer, anonymizer, log, entry.FullName, plan.Dropped);
                }

                if (plan.Cached.TryGetValue(entry.FullName, out CachedTextRedaction.Kind cached))
                {
                    return (source, target) => CachedTextRedaction.Rewrite(source, target, cached, entry.FullName, recognizer, anonymizer, log, limits.MaxTextChars);
                }

                if (string.Equals(entry.FullName, book.Main, StringComparison.OrdinalIgnoreCase))
                {
                    return (source, target) => RewriteWorkbook(entry.FullName, source, target);
                }

                if (book.Sheets.TryGetValue(entry.FullName, out string? sheet))
                {
                    return (source, target) => RewriteSheet(sheet, source, target);
                }

                if (book.Properties.TryGetValue(entry.FullName, out OfficePropertiesRedaction.Kind kind))
                {
                    return (source, target) => OfficePropertiesRedaction.Rewrite(source, target, kind, entry.FullName, DocumentKind.Xlsx, recognizer, anonymizer, log);
                }

                if (book.Persons.Contains(entry.FullName))
                {
                    return (source, target) => RewritePersons(entry.FullName, source, target);
                }

                return book.Comments.TryGetValue(entry.FullName, out string? commented)
                    ? (source, target) => RewriteComments(commented, entry.FullName, source, target)
                    : null;
            },
            done => progress(before + done, total),
            cancellationToken);

        foreach ((int index, List<EntityFinding> findings) in _sharedFindings.OrderBy(p => p.Key))
        {
            if (!_sharedShown.Contains(index))
            {
                findings.ForEach(f => log.Add(f, f.Start, f.End, place: new FindingPlace(Part: sharedStrings!.FullName)));
            }
        }
    }

    private Workbook ReadStructure(FileStream input)
    {
        input.Position = 0;
        using var document = SpreadsheetDocument.Open(input, false, new OpenSettings { AutoSave = false });
        WorkbookPart workbook = document.WorkbookPart ?? throw DocumentFailure.Unreadable("xlsx", "it has no workbook part.");
        if (!workbook.ContentType.Contains("spreadsheetml", StringComparison.Ordinal))
        {
            throw DocumentFailure.Unreadable("xlsx", $"its main part is '{workbook.ContentType}', not a workbook.");
        }

        var sheets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var comments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Sheet sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
        {
            if (sheet.Id?.Value is not { } id)
            {
                continue;
            }

            if (workbook.GetPartById(id) is ChartsheetPart chartsheet)
            {
                // A chart sheet holds no cells, but can have headers and footers.
                sheets[EntryName(chartsheet)] = sheet.Name?.Value ?? id;
                continue;
            }

            if (workbook.GetPartById(id) is not WorksheetPart part)
            {
                continue;
            }

            string name = sheet.Name?.Value ?? id;
            sheets[EntryName(part)] = name;
            if (part.WorksheetCommentsPart is { } legacy)
            {
                comments[EntryName(legacy)] = name;
            }

            foreach (WorksheetThreadedCommentsPart threaded in part.WorksheetThreadedCommentsParts)
            {
                comments[EntryName(threaded)] = name;
            }
        }

        Uri? shared = workbook.SharedStringTablePart?.Uri;
        Dictionary<string, OfficePropertiesRedaction.Kind> properties = OfficePropertiesRedaction.Parts(document);
        var persons = new HashSet<string>(workbook.WorkbookPersonParts.Select(EntryName), StringComparer.OrdinalIgnoreCase);
        input.Position = 0;
        return new Workbook(EntryName(workbook), sheets, comments, shared, properties, persons);
    }

    private static string EntryName(OpenXmlPart part) => Uri.UnescapeDataString(part.Uri.OriginalString).TrimStart('/');

    private void RewriteSharedStrings(Stream source, Stream target)
    {
        int index = 0;
        XmlPartRewriter.Rewrite(source, target, reader => reader.LocalName == "si" && IsMain(reader.NamespaceURI), item =>
        {
            List<EntityFinding> findings = RunTextRedaction.Redact(Texts(item), recognizer, anonymizer, limits.MaxTextChars);
            if (findings.Count > 0)
            {
                _sharedFindings[index] = findings;
            }

            index++;
        });
    }

    private void RewriteSheet(string sheet, Stream source, Stream target) =>
        XmlPartRewriter.Rewrite(source, target, reader => IsMain(reader.NamespaceURI) && (reader.LocalName == "c"
                ? reader.GetAttribute("t") switch
                {
                    "inlineStr" or "str" => true,
                    "s" => _sharedFindings.Count > 0,
                    _ => false,
                }
                : HeaderFooters.Contains(reader.LocalName) || reader.LocalName is "filter" or "customFilter"),
            element =>
            {
                if (element.Name.LocalName is "filter" or "customFilter")
                {
                    // An auto-filter's criteria copy the values of the cells it shows or hides.
                    if (element.Attribute("val") is { } criterion)
                    {
                        string redacted = TextRedactor.Redact(criterion.Value, recognizer, anonymizer, f => log.Add(f, f.Start, f.End, place: new FindingPlace(Sheet: sheet, Part: "autoFilter")));
                        if (!ReferenceEquals(redacted, criterion.Value))
                        {
                            criterion.Value = redacted;
                        }
                    }

                    return;
                }

                if (element.Name.LocalName != "c")
                {
                    Log(RunTextRedaction.Redact([element], recognizer, anonymizer, limits.MaxTextChars), new FindingPlace(Sheet: sheet, Part: element.Name.LocalName));
                    return;
                }

                string? cell = (string?)element.Attribute("r");
                XNamespace ns = element.Name.Namespace;
                if (element.Element(ns + "f") is { } formula)
                {
                    formula.Value = RedactFormulaLiterals(formula.Value, sheet, cell);
                }

                switch ((string?)element.Attribute("t"))
                {
                    case "inlineStr":
                        Log(RunTextRedaction.Redact(Texts(element), recognizer, anonymizer, limits.MaxTextChars), new FindingPlace(Sheet: sheet, Cell: cell));
                        break;
                    case "str" when element.Element(ns + "v") is { } value:
                        // A formula's cached text; the attribute xml:space is not allowed on <v>, so it is not set.
                        value.Value = TextRedactor.Redact(value.Value, recognizer, anonymizer, f => log.Add(f, f.Start, f.End, place: new FindingPlace(Sheet: sheet, Cell: cell)));
                        break;
                    case "s" when int.TryParse((string?)element.Element(ns + "v"), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                                  && _sharedFindings.TryGetValue(index, out List<EntityFinding>? findings):
                        _sharedShown.Add(index);
                        Log(findings, new FindingPlace(Sheet: sheet, Cell: cell));
                        break;
                }
            });

    // The workbook part: sheet names stay; the string literals of defined names are redacted as a formula's are, and
    // the user who reserved a shared workbook (fileSharing/@userName) is a person named by its role.
    private void RewriteWorkbook(string part, Stream source, Stream target) =>
        XmlPartRewriter.Rewrite(source, target, reader => reader.LocalName is "definedName" or "fileSharing" && IsMain(reader.NamespaceURI), element =>
        {
            if (element.Name.LocalName == "fileSharing")
            {
                if (element.Attribute("userName") is { } user)
                {
                    FieldRedaction.RedactPerson(user, recognizer, anonymizer, log, new FindingPlace(Part: part, Property: "userName"));
                }

                return;
            }

            string formula = RedactFormulaLiterals(element.Value, null, null);
            if (!string.Equals(formula, element.Value, StringComparison.Ordinal))
            {
                element.Value = formula;
            }
        });

    private void RewriteComments(string sheet, string part, Stream source, Stream target)
    {
        // A legacy comments part lists its authors before its comments.
        List<string> authors = [];
        XmlPartRewriter.Rewrite(
            source,
            target,
            reader => (reader.LocalName is "comment" or "author" && IsMain(reader.NamespaceURI)) || (reader.LocalName == "threadedComment" && reader.NamespaceURI == ThreadedComments),
            comment =>
            {
                if (comment.Name.LocalName == "author")
                {
                    authors.Add(comment.Value);
                    RedactAuthor(comment, new FindingPlace(Part: part, Sheet: sheet, Property: "author"));
                    return;
                }

                string? cell = (string?)comment.Attribute("ref");
                XElement? text = comment.Element(comment.Name.Namespace + "text");
                if (text is null)
                {
                    return;
                }

                List<XElement> texts = comment.Name.NamespaceName == ThreadedComments ? [text] : Texts(text);
                Log(RunTextRedaction.Redact(texts, recognizer, anonymizer, limits.MaxTextChars), new FindingPlace(Part: part, Sheet: sheet, Cell: cell));
                if (texts.Count > 0 && int.TryParse((string?)comment.Attribute("authorId"), NumberStyles.None, CultureInfo.InvariantCulture, out int author) && author < authors.Count)
                {
                    RedactAuthorPrefix(texts[0], authors[author], new FindingPlace(Part: part, Sheet: sheet, Cell: cell, Property: "author"));
                }
            });
    }

    private void RedactAuthor(XElement author, FindingPlace place)
    {
        // "tc={guid}" is the link from a threaded comment's legacy copy to the thread, not a name.
        if (ThreadLink().IsMatch(author.Value))
        {
            return;
        }

        string redacted = FieldRedaction.Redact(author.Value, namesPerson: true, recognizer, anonymizer, f => log.Add(f, f.Start, f.End, place: place));
        if (!ReferenceEquals(redacted, author.Value))
        {
            author.Value = redacted;
        }
    }

    // Excel starts a legacy comment's text with its author's name ("Jane Roe:" in bold): that copy is replaced as the
    // author was, unless a detector already found it (then the text no longer starts with it).
    private void RedactAuthorPrefix(XElement text, string author, FindingPlace place)
    {
        string name = author.Trim();
        if (name.Length == 0 || !recognizer.Entities.Contains(EntityTypes.Person) || ThreadLink().IsMatch(name)
            || !text.Value.StartsWith(name, StringComparison.Ordinal))
        {
            return;
        }

        text.Value = string.Concat(anonymizer.Replace(EntityTypes.Person, name), text.Value.AsSpan(name.Length));
        text.SetAttributeValue(XNamespace.Xml + "space", "preserve");
        log.Add(new EntityFinding(EntityTypes.Person, 0, name.Length, FieldRedaction.RoleScore), 0, name.Length, place: place);
    }

    // xl/persons/person.xml: the people of threaded comments, each with the account that identifies them.
    private void RewritePersons(string part, Stream source, Stream target) =>
        XmlPartRewriter.Rewrite(source, target, reader => reader.LocalName == "person" && reader.NamespaceURI == ThreadedComments, person =>
        {
            foreach (string name in PersonAttributes)
            {
                if (person.Attribute(name) is { } value)
                {
                    FieldRedaction.RedactPerson(value, recognizer, anonymizer, log, new FindingPlace(Part: part, Property: name));
                }
            }
        });

    [System.Text.RegularExpressions.GeneratedRegex(@"^tc=\{[0-9A-Fa-f-]+\}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ThreadLink();

    // A formula keeps its own copy of a text in its string literals ("ip "&"10.9.8.7"): those are redacted (quotes
    // inside doubled again); references, functions and numbers are left as they are.
    private string RedactFormulaLiterals(string formula, string? sheet, string? cell) =>
        FormulaLiteral().Replace(formula, match =>
        {
            string text = match.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal);
            string redacted = TextRedactor.Redact(text, recognizer, anonymizer, f => log.Add(f, f.Start, f.End, place: new FindingPlace(Sheet: sheet, Cell: cell, Part: "formula")));
            return ReferenceEquals(redacted, text) ? match.Value : $"\"{redacted.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        });

    [System.Text.RegularExpressions.GeneratedRegex("\"((?:[^\"]|\"\")*)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FormulaLiteral();

    private void Log(List<EntityFinding> findings, FindingPlace place) =>
        findings.ForEach(f => log.Add(f, f.Start, f.End, place: place));

    // The visible text of a string item: its <t> elements, not the phonetic runs (<rPh>) that repeat it as a reading.
    private static List<XElement> Texts(XElement item) =>
        [.. item.Descendants().Where(e => e.Name.LocalName == "t" && IsMain(e.Name.NamespaceName) && e.Parent?.Name.LocalName != "rPh")];

    private static bool IsMain(string ns) => ns is Main or StrictMain;

    private sealed record Workbook(
        string Main,
        Dictionary<string, string> Sheets,
        Dictionary<string, string> Comments,
        Uri? SharedStrings,
        Dictionary<string, OfficePropertiesRedaction.Kind> Properties,
        HashSet<string> Persons);
}
