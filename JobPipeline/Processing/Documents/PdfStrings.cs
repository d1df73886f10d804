using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Reads back, with PdfPig, every string a PDF holds outside its pages' content (the information dictionary, the XMP
/// metadata, the annotations, the interactive form), to check a redacted output independently of how it was written.
/// </summary>
internal static class PdfStrings
{
    private const int MaxDepth = 64;

    // Links back up or across the object graph: followed, they would visit the whole document from every annotation.
    private static readonly string[] Skipped = ["Parent", "P", "Popup", "AP", "Dest", "Font", "DR", "Resources"];

    public static IEnumerable<string> OutsidePages(PdfDocument document)
    {
        var seen = new HashSet<IndirectReference>();
        var found = new List<string>();
        Collect(document, document.Information.DocumentInformationDictionary, found, seen, 0);
        if (document.TryGetXmpMetadata(out XmpMetadata? xmp))
        {
            found.Add(Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray()));
        }

        for (int number = 1; number <= document.NumberOfPages; number++)
        {
            foreach (Annotation annotation in document.GetPage(number).GetAnnotations())
            {
                Collect(document, annotation.AnnotationDictionary, found, seen, 0);
            }
        }

        if (document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Create("AcroForm"), out IToken? form))
        {
            Collect(document, form, found, seen, 0);
        }

        return found;
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="value"/> not as a part of a longer word.</summary>
    public static bool ContainsWord(string text, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            bool startsClean = at == 0 || !char.IsLetterOrDigit(value[0]) || !char.IsLetterOrDigit(text[at - 1]);
            int end = at + value.Length;
            bool endsClean = end == text.Length || !char.IsLetterOrDigit(value[^1]) || !char.IsLetterOrDigit(text[end]);
            if (startsClean && endsClean)
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(PdfDocument document, IToken? token, List<string> found, HashSet<IndirectReference> seen, int depth)
    {
        if (token is null || depth > MaxDepth)
        {
            return;
        }

        switch (token)
        {
            case StringToken text:
                found.Add(text.Data);
                break;
            case HexToken hex:
                found.Add(hex.Data);
                break;
            case ArrayToken array:
                foreach (IToken item in array.Data)
                {
                    Collect(document, item, found, seen, depth + 1);
                }

                break;
            case DictionaryToken dictionary:
                foreach ((string key, IToken value) in dictionary.Data)
                {
                    if (!Skipped.Contains(key))
                    {
                        Collect(document, value, found, seen, depth + 1);
                    }
                }

                break;
            case IndirectReferenceToken reference when seen.Add(reference.Data):
                Collect(document, document.Structure.GetObject(reference.Data)?.Data, found, seen, depth + 1);
                break;
        }
    }
}
