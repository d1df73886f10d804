using System.IO.Compression;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Decides, for every part of a DOCX or XLSX package, by the type of the relationship that reaches it (never by its
/// file name), whether it is redacted, known to hold no document text, dropped, or makes the job fail: an output
/// must not keep a redacted value anywhere, so an allow-list is walked from the package's root relationships and a
/// part of a kind not on it fails the job with <c>UNSUPPORTED_DOCUMENT</c> ("it fails rather than leak").
/// <list type="bullet">
/// <item>Redacted: the parts the redactor rewrites (it names them) and the cached text of charts, drawings, diagrams
/// and tables, and a Word document's variables in its settings (<see cref="CachedTextRedaction"/>).</item>
/// <item>Passed: styles, theme, fonts, images, calculation chain, printer settings, comment extensions,
/// chart styles and colours, diagram layouts (no document text).</item>
/// <item>Dropped with their relationships and content types: thumbnails, custom XML data, the legacy shared-workbook
/// revision log and its user names, pivot cache records, digital signatures (invalid once the package changes),
/// the workbook embedded as a chart's data source, and parts no relationship reaches.</item>
/// <item>Failed: embedded packages and OLE objects, imported chunks (<c>w:altChunk</c>), VBA projects, ActiveX
/// controls, external workbook links, pivot tables, query tables and data connections, and any other kind.</item>
/// </list>
/// </summary>
internal static class PartPolicy
{
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string StrictR = "http://purl.oclc.org/ooxml/officeDocument/relationships/";
    private const string Package = "http://schemas.openxmlformats.org/package/2006/relationships/";
    private const string StrictPackage = "http://purl.oclc.org/ooxml/package/relationships/";
    private const string Ms = "http://schemas.microsoft.com/office/";
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ChartType = R + "chart";

    private static readonly HashSet<string> Passed = new(StringComparer.Ordinal)
    {
        R + "styles", R + "webSettings", R + "fontTable", R + "theme", R + "themeOverride", R + "image", R + "font",
        R + "calcChain", R + "printerSettings", R + "vmlDrawing", R + "sheetMetadata", R + "diagramLayout",
        R + "diagramQuickStyle", R + "diagramColors",
        Ms + "2007/relationships/stylesWithEffects", Ms + "2007/relationships/hdphoto",
        Ms + "2011/relationships/commentsExtended", Ms + "2016/09/relationships/commentsIds",
        Ms + "2018/08/relationships/commentsExtensible", Ms + "2011/relationships/chartStyle",
        Ms + "2011/relationships/chartColorStyle", Ms + "2020/02/relationships/classificationlabels",
    };

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        Package + "metadata/thumbnail", R + "customXml", R + "customXmlProps", R + "revisionHeaders", R + "revisionLog",
        R + "usernames", R + "pivotCacheRecords", Package + "digital-signature/origin",
        Package + "digital-signature/signature", Package + "digital-signature/certificate",
    };

    private static readonly Dictionary<string, CachedTextRedaction.Kind> Cached = new(StringComparer.Ordinal)
    {
        [ChartType] = CachedTextRedaction.Kind.Chart,
        [R + "chartUserShapes"] = CachedTextRedaction.Kind.Drawing,
        [R + "drawing"] = CachedTextRedaction.Kind.Drawing,
        [R + "diagramData"] = CachedTextRedaction.Kind.Drawing,
        [Ms + "2007/relationships/diagramDrawing"] = CachedTextRedaction.Kind.Drawing,
        [R + "table"] = CachedTextRedaction.Kind.Table,
        [R + "settings"] = CachedTextRedaction.Kind.Settings,
    };

    private static readonly Dictionary<string, string> Failed = new(StringComparer.Ordinal)
    {
        [R + "package"] = "an embedded document or workbook (an embedded package)",
        [R + "oleObject"] = "an embedded OLE object",
        [R + "aFChunk"] = "an imported document part (w:altChunk)",
        [Ms + "2006/relationships/vbaProject"] = "a VBA macro project",
        [R + "control"] = "an ActiveX control",
        [Ms + "2006/relationships/activeXControlBinary"] = "an ActiveX control",
        [R + "externalLink"] = "a link to an external workbook (its cached values)",
        [R + "externalLinkPath"] = "a link to an external workbook (its cached values)",
        [R + "pivotTable"] = "a pivot table (its cache copies the source cells)",
        [R + "pivotCacheDefinition"] = "a pivot table (its cache copies the source cells)",
        [R + "queryTable"] = "a query table",
        [R + "connections"] = "data connections",
    };

    /// <summary>
    /// Walks the package's relationships and returns what happens to its parts; throws <c>UNSUPPORTED_DOCUMENT</c>
    /// naming the feature for a part that can hold text and is neither redacted nor dropped.
    /// </summary>
    /// <param name="package">The package.</param>
    /// <param name="redacted">Whether the redactor rewrites an entry (its main part, sheets, comments, properties…).</param>
    public static PartPlan Plan(OfficePackage package, Func<string, bool> redacted)
    {
        string fileType = package.Kind.FileType;
        var entries = new HashSet<string>(package.Archive.Entries.Select(e => e.FullName), StringComparer.OrdinalIgnoreCase);
        var dropped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var cached = new Dictionary<string, CachedTextRedaction.Kind>(StringComparer.OrdinalIgnoreCase);
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ThumbnailRemoval.ContentTypesEntry };
        var queue = new Queue<(string Part, string? Type)>();
        queue.Enqueue(("", null));
        while (queue.Count > 0)
        {
            (string source, string? sourceType) = queue.Dequeue();
            string rels = RelsEntry(source);
            if (!entries.Contains(rels))
            {
                continue;
            }

            reached.Add(rels);
            foreach ((string type, string target) in InternalRelationships(package, rels))
            {
                if (!entries.Contains(target) || dropped.Contains(target))
                {
                    continue;
                }

                if (Dropped.Contains(type) || (type == R + "package" && sourceType == ChartType))
                {
                    dropped.Add(target);
                    continue;
                }

                if (Failed.TryGetValue(type, out string? feature))
                {
                    throw DocumentFailure.Unsupported(fileType, $"it holds {feature} (part '{target}'), whose content cannot be redacted; remove it and send the document again.");
                }

                if (Cached.TryGetValue(type, out CachedTextRedaction.Kind kind))
                {
                    cached[target] = kind;
                }
                else if (!Passed.Contains(type) && !redacted(target))
                {
                    throw DocumentFailure.Unsupported(fileType, $"part '{target}' (relationship type '{type}') is of a kind this service does not redact and that may hold text.");
                }

                if (reached.Add(target))
                {
                    queue.Enqueue((target, type));
                }
            }
        }

        // What no relationship reaches (or only a dropped part does) goes too, with the relationships of dropped parts.
        foreach (string entry in entries)
        {
            if (!reached.Contains(entry))
            {
                dropped.Add(entry);
            }
        }

        return new PartPlan(dropped, cached);
    }

    /// <summary>Resolves a relationship's target against the <c>.rels</c> entry that holds it (an entry name, or null).</summary>
    public static string? Resolve(string relsEntry, string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        // A relationship's target is relative to the folder of its source part (word/_rels/document.xml.rels →
        // word/), or absolute from the package root.
        string folder = relsEntry.Contains("_rels/", StringComparison.Ordinal) ? relsEntry[..relsEntry.LastIndexOf("_rels/", StringComparison.Ordinal)] : "";
        string path = target.StartsWith('/') ? target : folder + target;
        var segments = new List<string>();
        foreach (string segment in Uri.UnescapeDataString(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    // word/document.xml → word/_rels/document.xml.rels; the package root ("") → _rels/.rels.
    private static string RelsEntry(string part)
    {
        int slash = part.LastIndexOf('/');
        return slash < 0 ? $"_rels/{part}.rels" : $"{part[..(slash + 1)]}_rels/{part[(slash + 1)..]}.rels";
    }

    private static List<(string Type, string Target)> InternalRelationships(OfficePackage package, string rels)
    {
        var found = new List<(string, string)>();
        ZipArchiveEntry entry = package.Archive.GetEntry(rels) ?? package.Archive.Entries.First(e => string.Equals(e.FullName, rels, StringComparison.OrdinalIgnoreCase));
        using Stream source = package.OpenEntry(entry);
        XmlPartRewriter.Scan(
            source,
            reader => reader.LocalName == "Relationship" && reader.NamespaceURI == Relationships,
            relationship =>
            {
                if ((string?)relationship.Attribute("TargetMode") != "External"
                    && Resolve(entry.FullName, (string?)relationship.Attribute("Target")) is { } target)
                {
                    found.Add((Transitional((string?)relationship.Attribute("Type") ?? ""), target));
                }
            });
        return found;
    }

    // Strict Open XML names the same relationships under other URIs.
    private static string Transitional(string type) =>
        type.StartsWith(StrictR, StringComparison.Ordinal) ? R + type[StrictR.Length..]
        : type.StartsWith(StrictPackage, StringComparison.Ordinal) ? Package + type[StrictPackage.Length..]
        : type;
}
