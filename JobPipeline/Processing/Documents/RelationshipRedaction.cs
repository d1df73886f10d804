using System.Xml.Linq;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts the targets of a package's external relationships: a hyperlink to <c>mailto:jane@example.com</c> keeps
/// the address in the <c>.rels</c> part, outside the text, and would otherwise survive redaction. Thumbnail
/// relationships are dropped (see <see cref="ThumbnailRemoval"/>), and so is every relationship to a part the
/// <see cref="PartPlan"/> drops.
/// </summary>
internal static class RelationshipRedaction
{
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static void Rewrite(Stream source, Stream target, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, string part, IReadOnlySet<string> dropped) =>
        XmlPartRewriter.RewriteOrDrop(
            source,
            target,
            reader => reader.LocalName == "Relationship" && reader.NamespaceURI == Relationships,
            relationship =>
            {
                if (ThumbnailRemoval.IsThumbnail(relationship)
                    || ((string?)relationship.Attribute("TargetMode") != "External"
                        && PartPolicy.Resolve(part, (string?)relationship.Attribute("Target")) is { } internalTarget && dropped.Contains(internalTarget)))
                {
                    return false;
                }

                if ((string?)relationship.Attribute("TargetMode") == "External" && relationship.Attribute("Target") is { } targetUri)
                {
                    string redacted = TextRedactor.Redact(targetUri.Value, recognizer, anonymizer, finding =>
                        log.Add(finding, finding.Start, finding.End, place: new FindingPlace(Part: part)));
                    if (!ReferenceEquals(redacted, targetUri.Value))
                    {
                        // Keep the target a valid URI (a placeholder has brackets, a mask may have spaces).
                        targetUri.Value = Uri.TryCreate(redacted, UriKind.Absolute, out Uri? uri) ? uri.AbsoluteUri : Uri.EscapeDataString(redacted);
                    }
                }

                return true;
            });
}
