using System.Xml.Linq;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Removes a DOCX or XLSX package's thumbnails (<c>docProps/thumbnail.jpeg</c>, <c>.png</c>, <c>.emf</c>,
/// <c>.wmf</c>): a picture of the first page as it was, which no redaction of the text reaches. Every relationship of
/// the thumbnail type goes (in any <c>.rels</c> part), and so does each part such a relationship targets, with its
/// content-type override; the package keeps no dangling relationship or content type. The other parts
/// <see cref="PartPolicy"/> drops go the same way. (A part that another kind of
/// relationship targets too is refused by the Open XML SDK when the package is read, before this runs.)
/// </summary>
internal static class ThumbnailRemoval
{
    /// <summary>The relationship type of a thumbnail (OPC, part 2).</summary>
    public const string RelationshipType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";

    private const string StrictRelationshipType = "http://purl.oclc.org/ooxml/package/relationships/metadata/thumbnail";
    private const string ContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types";

    /// <summary>The entry name of the package's content types.</summary>
    public const string ContentTypesEntry = "[Content_Types].xml";

    /// <summary>Whether a relationship (a <c>Relationship</c> element of a <c>.rels</c> part) targets a thumbnail.</summary>
    public static bool IsThumbnail(XElement relationship) =>
        (string?)relationship.Attribute("Type") is RelationshipType or StrictRelationshipType;

    /// <summary>Streams <c>[Content_Types].xml</c> through without the overrides of <paramref name="removed"/> parts.</summary>
    public static void RewriteContentTypes(Stream source, Stream target, IReadOnlySet<string> removed) =>
        XmlPartRewriter.RewriteOrDrop(
            source,
            target,
            reader => reader.LocalName == "Override" && reader.NamespaceURI == ContentTypes,
            item => (string?)item.Attribute("PartName") is not { } name || !removed.Contains(Uri.UnescapeDataString(name).TrimStart('/')));
}
