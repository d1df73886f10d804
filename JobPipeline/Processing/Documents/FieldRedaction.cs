using System.Xml.Linq;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts one value of a document's metadata, annotations or form fields. A field whose role is to name a person
/// (an author, the last editor, a manager) is a <c>PERSON</c> value whole, evidence enough, when the job looks for
/// <c>PERSON</c>; every other field is searched like any text.
/// </summary>
internal static class FieldRedaction
{
    /// <summary>The score of a person named by the role of the field that holds it.</summary>
    public const double RoleScore = 0.9;

    /// <summary>
    /// Redacts an attribute whose role is to name a person (the author of a comment or a tracked change, a person's
    /// account id), logging its findings at <paramref name="place"/>.
    /// </summary>
    public static void RedactPerson(XAttribute attribute, EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, FindingPlace place)
    {
        string value = attribute.Value;
        string redacted = Redact(value, namesPerson: true, recognizer, anonymizer, finding => log.Add(finding, finding.Start, finding.End, place: place));
        if (!ReferenceEquals(redacted, value))
        {
            attribute.Value = redacted;
        }
    }

    /// <summary>Returns the redacted value (the same instance when nothing was found).</summary>
    public static string Redact(string value, bool namesPerson, EntityRecognizer recognizer, Anonymizer anonymizer, Action<EntityFinding> onFinding)
    {
        if (namesPerson && recognizer.Entities.Contains(EntityTypes.Person))
        {
            int start = 0;
            int end = value.Length;
            while (start < end && char.IsWhiteSpace(value[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(value[end - 1]))
            {
                end--;
            }

            if (start == end)
            {
                return value;
            }

            var finding = new EntityFinding(EntityTypes.Person, start, end, RoleScore);
            onFinding(finding);
            return string.Concat(value.AsSpan(0, start), anonymizer.Replace(EntityTypes.Person, value.AsSpan(start, end - start)), value.AsSpan(end));
        }

        return TextRedactor.Redact(value, recognizer, anonymizer, onFinding);
    }
}
