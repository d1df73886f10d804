using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts a DOCX or XLSX package's properties: the core properties (<c>docProps/core.xml</c>: title, subject,
/// keywords, description, category, and the author and last editor, which name a person by their role), the
/// extended ones (<c>docProps/app.xml</c>: manager, company, hyperlink base, template; in a Word document the title
/// repeated in <c>TitlesOfParts</c>) and every text value of the custom ones (<c>docProps/custom.xml</c>). Dates,
/// counts and the revision number are left as they are, so the package stays valid; so are a workbook's sheet names
/// in <c>TitlesOfParts</c>, as in the workbook itself.
/// </summary>
internal static class OfficePropertiesRedaction
{
    private const string CoreNamespace = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string DublinCoreTerms = "http://purl.org/dc/terms/";
    private const string ExtendedNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
    private const string CustomNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties";
    private const string VariantTypes = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
    private static readonly string[] NotText = ["created", "modified", "lastPrinted", "revision", "version", "language"];
    private static readonly string[] People = ["creator", "lastModifiedBy", "Manager"];
    private static readonly string[] ExtendedText = ["Manager", "Company", "HyperlinkBase", "Template"];
    private static readonly string[] TextVariants = ["lpwstr", "lpstr", "bstr"];

    /// <summary>The package's property parts (entry name → kind), as its relationships name them.</summary>
    public static Dictionary<string, Kind> Parts(OpenXmlPackage package)
    {
        var parts = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase);
        Add(parts, package.GetPartsOfType<CoreFilePropertiesPart>().FirstOrDefault(), Kind.Core);
        Add(parts, package.GetPartsOfType<ExtendedFilePropertiesPart>().FirstOrDefault(), Kind.Extended);
        Add(parts, package.GetPartsOfType<CustomFilePropertiesPart>().FirstOrDefault(), Kind.Custom);
        return parts;
    }

    /// <summary>Streams one property part through, redacting its text values.</summary>
    public static void Rewrite(
        Stream source, Stream target, Kind kind, string part, DocumentKind document, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log) =>
        XmlPartRewriter.Rewrite(source, target, reader => reader.Depth == 1, property =>
        {
            void Redact(XElement element, string name, bool namesPerson)
            {
                string value = element.Value;
                string redacted = FieldRedaction.Redact(value, namesPerson, recognizer, anonymizer, finding =>
                    log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Part: part, Property: name)));
                if (!ReferenceEquals(redacted, value))
                {
                    element.Value = redacted;
                }
            }

            string local = property.Name.LocalName;
            string ns = property.Name.NamespaceName;
            switch (kind)
            {
                case Kind.Core when ns is CoreNamespace or DublinCore or DublinCoreTerms && !property.HasElements && !NotText.Contains(local):
                    Redact(property, local, People.Contains(local));
                    break;
                case Kind.Extended when ns == ExtendedNamespace && ExtendedText.Contains(local) && !property.HasElements:
                    Redact(property, local, People.Contains(local));
                    break;
                case Kind.Extended when ns == ExtendedNamespace && local == "TitlesOfParts" && document.FileType == "docx":
                    foreach (XElement title in property.Descendants().Where(IsTextVariant).ToList())
                    {
                        Redact(title, local, namesPerson: false);
                    }

                    break;
                case Kind.Custom when ns == CustomNamespace && local == "property":
                    string name = (string?)property.Attribute("name") ?? local;
                    foreach (XElement value in property.Elements().Where(IsTextVariant).ToList())
                    {
                        Redact(value, name, namesPerson: false);
                    }

                    break;
            }
        });

    private static bool IsTextVariant(XElement element) =>
        element.Name.NamespaceName == VariantTypes && TextVariants.Contains(element.Name.LocalName);

    private static void Add(Dictionary<string, Kind> parts, OpenXmlPart? part, Kind kind)
    {
        if (part is not null)
        {
            parts[Uri.UnescapeDataString(part.Uri.OriginalString).TrimStart('/')] = kind;
        }
    }

    /// <summary>Which property part.</summary>
    public enum Kind
    {
        /// <summary><c>docProps/core.xml</c>.</summary>
        Core,

        /// <summary><c>docProps/app.xml</c>.</summary>
        Extended,

        /// <summary><c>docProps/custom.xml</c>.</summary>
        Custom,
    }
}
