using System.Xml.Linq;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Processing.Documents;

/// <summary>
/// Redacts one text that a document spreads over several elements (the runs of a Word paragraph split wherever the
/// formatting changes, the runs of a rich-text cell): the texts are joined and searched as one, and each replacement
/// goes into the element where its value starts, keeping that run's formatting; the rest of the value is removed from
/// the runs it spilled into. Nothing else in the elements changes.
/// </summary>
internal static class RunTextRedaction
{
    private static readonly XName Space = XNamespace.Xml + "space";

    /// <summary>Redacts <paramref name="texts"/> in place; returns the findings (offsets into the joined text).</summary>
    public static List<EntityFinding> Redact(IReadOnlyList<XElement> texts, EntityRecognizer recognizer, Anonymizer anonymizer, int maxChars)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        string[] values = new string[texts.Count];
        int[] starts = new int[texts.Count + 1];
        for (int i = 0; i < texts.Count; i++)
        {
            values[i] = texts[i].Value;
            starts[i + 1] = starts[i] + values[i].Length;
            if (starts[i + 1] > maxChars)
            {
                throw DocumentFailure.TooLarge("document", $"one paragraph or cell holds more than {maxChars} characters.", "max_text_chars", maxChars);
            }
        }

        string joined = string.Concat(values);
        List<EntityFinding> findings = recognizer.Recognize(joined);
        if (findings.Count == 0)
        {
            return findings;
        }

        var edits = new List<(int Start, int End, string Insert)>[texts.Count];
        foreach (EntityFinding finding in findings)
        {
            string replacement = anonymizer.Replace(finding.EntityType, joined.AsSpan(finding.Start, finding.Length));
            for (int i = 0; i < texts.Count; i++)
            {
                int from = Math.Max(finding.Start, starts[i]);
                int to = Math.Min(finding.End, starts[i + 1]);
                if (from >= to)
                {
                    continue;
                }

                bool holdsStart = finding.Start >= starts[i] && finding.Start < starts[i + 1];
                (edits[i] ??= []).Add((from - starts[i], to - starts[i], holdsStart ? replacement : ""));
            }
        }

        for (int i = 0; i < texts.Count; i++)
        {
            if (edits[i] is not { } list)
            {
                continue;
            }

            var builder = new System.Text.StringBuilder(values[i]);
            for (int j = list.Count - 1; j >= 0; j--)
            {
                builder.Remove(list[j].Start, list[j].End - list[j].Start).Insert(list[j].Start, list[j].Insert);
            }

            texts[i].Value = builder.ToString();

            // Word and Excel drop leading and trailing spaces of a text element unless told to keep them.
            texts[i].SetAttributeValue(Space, "preserve");
        }

        return findings;
    }
}
