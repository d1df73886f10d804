using System.IO.Compression;
using System.Xml.Linq;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Removes a DOCX or XLSX package's thumbnails (<c>docProps/thumbnail.jpeg</c>, <c>.png</c>, <c>.emf</c>,
/// <c>.wmf</c>): a picture of the first page as it was, which no redaction of the text reaches. Every relationship of
/// the thumbnail type goes (in any <c>.rels</c> part), and so does each part such a relationship targets, with its
/// content-type override; the package keeps no dangling relationship or content type. (A part that another kind of
/// relationship targets too is refused by the Open XML SDK when the package is read, before this runs.)
/// </summary>
internal static class ThumbnailRemoval
{
    /// <summary>The relationship type of a thumbnail (OPC, part 2).</summary>
    public const string RelationshipType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";

    private const string StrictRelationshipType = "http://purl.oclc.org/ooxml/package/relationships/metadata/thumbnail";
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types";

    /// <summary>The entry name of the package's content types.</summary>
    public const string ContentTypesEntry = "[Content_Types].xml";

    /// <summary>Whether a relationship (a <c>Relationship</c> element of a <c>.rels</c> part) targets a thumbnail.</summary>
    public static bool IsThumbnail(XElement relationship) =>
        (string?)relationship.Attribute("Type") is RelationshipType or StrictRelationshipType;

    /// <summary>The entries to drop: the parts thumbnail relationships target.</summary>
    public static HashSet<string> Parts(OfficePackage package)
    {
        var thumbnails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ZipArchiveEntry rels in package.Archive.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            using Stream source = package.OpenEntry(rels);
            XmlPartRewriter.Scan(
                source,
                reader => reader.LocalName == "Relationship" && reader.NamespaceURI == Relationships,
                relationship =>
                {
                    if (IsThumbnail(relationship) && (string?)relationship.Attribute("TargetMode") != "External"
                        && Resolve(rels.FullName, (string?)relationship.Attribute("Target")) is { } target)
                    {
                        thumbnails.Add(target);
                    }
                });
        }

        thumbnails.IntersectWith(package.Archive.Entries.Select(e => e.FullName));
        return thumbnails;
    }

    /// <summary>Streams <c>[Content_Types].xml</c> through without the overrides of <paramref name="removed"/> parts.</summary>
    public static void RewriteContentTypes(Stream source, Stream target, IReadOnlySet<string> removed) =>
        XmlPartRewriter.RewriteOrDrop(
            source,
            target,
            reader => reader.LocalName == "Override" && reader.NamespaceURI == ContentTypes,
            item => (string?)item.Attribute("PartName") is not { } name || !removed.Contains(Uri.UnescapeDataString(name).TrimStart('/')));

    // A relationship's target is relative to the folder of its source part (word/_rels/document.xml.rels → word/),
    // or absolute from the package root.
    private static string? Resolve(string relsEntry, string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

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
}
