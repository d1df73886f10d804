using JobPipeline.Processing.Redaction;
using PdfSharp.Pdf;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts what a PDF holds outside its pages' content: the document information dictionary (title, subject,
/// keywords, and the author, a person by its role), annotations (a note's text and author, a link's <c>mailto:</c>
/// target) and interactive form fields (values, defaults, tooltips). The XMP metadata stream, which repeats the
/// information dictionary in a form that cannot be edited field by field, and a form's XFA data are removed. An
/// annotation or field whose text changed loses its appearance stream (it showed the old text): viewers draw it
/// again from the redacted values (<c>NeedAppearances</c> is set for forms).
/// </summary>
internal sealed class PdfMetadataRedaction(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log)
{
    private const int MaxFieldDepth = 32;
    // Dates, and the software that made the file (PDFsharp names itself with a URL there).
    private static readonly string[] InfoNotText = ["/CreationDate", "/ModDate", "/Trapped", "/Creator", "/Producer"];
    private static readonly string[] FieldText = ["/V", "/DV", "/TU"];

    private readonly List<string> _values = [];

    /// <summary>The original values redacted here, which the output must no longer hold.</summary>
    public IReadOnlyList<string> Values => _values;

    public void Redact(PdfDocument document)
    {
        foreach (string key in document.Info.Elements.Keys.ToList())
        {
            if (!InfoNotText.Contains(key))
            {
                RedactEntry(document.Info, key, key == "/Author", new FindingPlace(Part: "info", Property: key.TrimStart('/')));
            }
        }

        document.Internals.Catalog.Elements.Remove("/Metadata");
        for (int number = 1; number <= document.PageCount; number++)
        {
            PdfPage page = document.Pages[number - 1];
            page.Elements.Remove("/Metadata");
            RedactAnnotations(page, number);
        }

        if (document.Internals.Catalog.Elements.GetDictionary("/AcroForm") is { } form)
        {
            form.Elements.Remove("/XFA");
            bool changed = false;
            if (form.Elements.GetArray("/Fields") is { } fields)
            {
                var seen = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
                for (int i = 0; i < fields.Elements.Count; i++)
                {
                    if (fields.Elements.GetDictionary(i) is { } field)
                    {
                        changed |= RedactField(field, "", seen, 0);
                    }
                }
            }

            if (changed)
            {
                form.Elements.SetBoolean("/NeedAppearances", true);
            }
        }
    }

    private void RedactAnnotations(PdfPage page, int number)
    {
        if (page.Elements.GetArray("/Annots") is not { } annotations)
        {
            return;
        }

        for (int i = 0; i < annotations.Elements.Count; i++)
        {
            if (annotations.Elements.GetDictionary(i) is not { } annotation)
            {
                continue;
            }

            bool widget = annotation.Elements.GetName("/Subtype") == "/Widget";
            bool changed = RedactEntry(annotation, "/Contents", false, new FindingPlace(Page: number, Part: "annotation", Property: "Contents"));
            changed |= RedactEntry(annotation, "/Subj", false, new FindingPlace(Page: number, Part: "annotation", Property: "Subj"));
            if (!widget)
            {
                // On a markup annotation /T is its author; on a widget it is the field's name (kept).
                changed |= RedactEntry(annotation, "/T", true, new FindingPlace(Page: number, Part: "annotation", Property: "T"));
            }

            if (annotation.Elements.GetDictionary("/A") is { } action && action.Elements.GetName("/S") == "/URI")
            {
                changed |= RedactEntry(action, "/URI", false, new FindingPlace(Page: number, Part: "annotation", Property: "URI"));
            }

            // The rich-text copy of /Contents is markup; it goes when it holds a finding or /Contents changed.
            if (Text(annotation.Elements["/RC"]) is { } rich && (changed || recognizer.Recognize(rich).Count > 0))
            {
                annotation.Elements.Remove("/RC");
                changed = true;
            }

            if (changed)
            {
                annotation.Elements.Remove("/AP");
            }
        }
    }

    private bool RedactField(PdfDictionary field, string parentName, HashSet<PdfDictionary> seen, int depth)
    {
        if (depth > MaxFieldDepth || !seen.Add(field))
        {
            return false;
        }

        string own = field.Elements.GetString("/T");
        string name = parentName.Length == 0 ? own : own.Length == 0 ? parentName : $"{parentName}.{own}";
        bool changed = false;
        foreach (string key in FieldText)
        {
            changed |= RedactEntry(field, key, false, new FindingPlace(Part: "form", Property: name.Length == 0 ? key.TrimStart('/') : name));
        }

        PdfArray? kids = field.Elements.GetArray("/Kids");
        bool kidsChanged = false;
        for (int i = 0; i < (kids?.Elements.Count ?? 0); i++)
        {
            if (kids!.Elements.GetDictionary(i) is { } kid)
            {
                kidsChanged |= RedactField(kid, name, seen, depth + 1);
            }
        }

        if (changed)
        {
            // The widgets of this field showed the old value.
            field.Elements.Remove("/AP");
            for (int i = 0; i < (kids?.Elements.Count ?? 0); i++)
            {
                kids!.Elements.GetDictionary(i)?.Elements.Remove("/AP");
            }
        }

        return changed || kidsChanged;
    }

    // Redacts one string entry in place; returns whether it changed.
    private bool RedactEntry(PdfDictionary dictionary, string key, bool namesPerson, FindingPlace place)
    {
        if (Text(dictionary.Elements[key]) is not { } value)
        {
            return false;
        }

        string redacted = FieldRedaction.Redact(value, namesPerson, recognizer, anonymizer, finding =>
        {
            log.Add(finding, finding.Start, finding.End, place: place);
            _values.Add(value.Substring(finding.Start, finding.Length));
        });
        if (ReferenceEquals(redacted, value))
        {
            return false;
        }

        dictionary.Elements[key] = new PdfString(redacted);
        return true;
    }

    private static string? Text(PdfItem? item) => item switch
    {
        PdfString text => text.Value,
        PdfSharp.Pdf.Advanced.PdfReference { Value: PdfStringObject text } => text.Value,
        _ => null,
    };
}
