using System.Globalization;
using System.Xml.Linq;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts the text that charts, drawings, diagrams and tables keep outside the cells and paragraphs: a chart's
/// caches of the cells it plots (category labels and series names in <c>c:v</c>, numbers left alone as in cells) and
/// its titles and labels (DrawingML paragraphs); the text of shapes, text boxes and SmartArt and the alternative text
/// of pictures and shapes; a table's column names and filter values; the values of a Word document's variables. The same text rules as everywhere else apply, so a cached copy of a cell gets the cell's
/// replacement. A chart's link to its embedded data workbook (<c>c:externalData</c>) is removed: that workbook is
/// dropped (<see cref="PartPolicy"/>) and the chart keeps its redacted caches.
/// </summary>
internal static class CachedTextRedaction
{
    private const string Chart = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const string StrictChart = "http://purl.oclc.org/ooxml/drawingml/chart";
    private const string DrawingMain = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string StrictDrawingMain = "http://purl.oclc.org/ooxml/drawingml/main";
    private const string SheetMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictSheetMain = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    private const string WordMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static readonly XName Space = XNamespace.Xml + "space";

    /// <summary>The kind of part, which says where its text is.</summary>
    public enum Kind
    {
        /// <summary>A chart (<c>c:chartSpace</c>): caches, literals, titles and labels.</summary>
        Chart,

        /// <summary>A drawing, chart shapes or a diagram: DrawingML paragraphs.</summary>
        Drawing,

        /// <summary>A table: column names and filter values.</summary>
        Table,

        /// <summary>Word's settings: the values of document variables (<c>w:docVar</c>).</summary>
        Settings,
    }

    public static void Rewrite(Stream source, Stream target, Kind kind, string part, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, int maxTextChars)
    {
        var place = new FindingPlace(Part: part);
        void Log(EntityFinding f) => log.Add(f, f.Start, f.End, place: place);
        XmlPartRewriter.RewriteOrDrop(
            source,
            target,
            reader => (reader.LocalName == "p" && reader.NamespaceURI is DrawingMain or StrictDrawingMain)
                      || (kind == Kind.Drawing && reader.LocalName == "cNvPr")
                      || (kind == Kind.Settings && reader.LocalName == "docVar" && reader.NamespaceURI == WordMain)
                      || (kind == Kind.Chart && reader.LocalName is "v" or "externalData" && reader.NamespaceURI is Chart or StrictChart)
                      || (kind == Kind.Table && reader.LocalName is "tableColumn" or "filter" or "customFilter" && reader.NamespaceURI is SheetMain or StrictSheetMain),
            element =>
            {
                switch (element.Name.LocalName)
                {
                    case "externalData":
                        return false;
                    case "p":
                        List<XElement> texts = [.. element.Descendants().Where(e => e.Name.LocalName == "t" && e.Name.Namespace == element.Name.Namespace)];
                        bool[] spaced = [.. texts.Select(t => t.Attribute(Space) is not null)];
                        RunTextRedaction.Redact(texts, recognizer, anonymizer, maxTextChars).ForEach(Log);
                        for (int i = 0; i < texts.Count; i++)
                        {
                            // DrawingML keeps a text's spaces without being told; its schema has no xml:space there.
                            if (!spaced[i])
                            {
                                texts[i].Attribute(Space)?.Remove();
                            }
                        }

                        break;
                    case "v" when !double.TryParse(element.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                        string redacted = TextRedactor.Redact(element.Value, recognizer, anonymizer, Log);
                        if (!ReferenceEquals(redacted, element.Value))
                        {
                            element.Value = redacted;
                        }

                        break;
                    case "tableColumn":
                        RedactAttribute(element.Attribute("name"));
                        break;
                    case "filter" or "customFilter":
                        RedactAttribute(element.Attribute("val"));
                        break;
                    case "cNvPr":
                        // A picture's or shape's alternative text and title describe what it shows.
                        RedactAttribute(element.Attribute("descr"));
                        RedactAttribute(element.Attribute("title"));
                        break;
                    case "docVar":
                        RedactAttribute(element.Attribute(XName.Get("val", WordMain)));
                        break;
                }

                return true;
            });

        void RedactAttribute(XAttribute? attribute)
        {
            if (attribute is null)
            {
                return;
            }

            string redacted = TextRedactor.Redact(attribute.Value, recognizer, anonymizer, Log);
            if (!ReferenceEquals(redacted, attribute.Value))
            {
                attribute.Value = redacted;
            }
        }
    }
}
