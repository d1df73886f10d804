namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Redacts plain text of any length in chunks: each round searches the carried-over tail of the previous chunk plus
/// the next chunk, commits everything but the last <c>overlap</c> characters (or the whole rest at the end), and writes
/// the redacted text out as it goes. A finding counts in the round where it starts inside the
/// committed part, so an entity that straddles a chunk boundary is found exactly once.
/// </summary>
internal sealed class TextRedactor(EntityRecognizer recognizer, Anonymizer anonymizer, FindingLog log, int chunkChars, int overlapChars)
{
    // Already-written text kept in front of the next round so that look-behinds and keywords still see it.
    private const int ContextChars = 64;

    public async Task WriteRedactedAsync(TextReader reader, TextWriter writer, Action? afterChunk, CancellationToken cancellationToken)
    {
        char[] window = new char[ContextChars + overlapChars + chunkChars];
        int length = 0;
        int pending = 0;
        long windowStart = 0L;
        bool endOfInput = false;

        while (true)
        {
            while (length < window.Length && !endOfInput)
            {
                int read = await reader.ReadAsync(window.AsMemory(length), cancellationToken);
                endOfInput = read == 0;
                length += read;
            }

            int commitEnd = endOfInput ? length : length - overlapChars;
            int emitted = pending;
            foreach (EntityFinding finding in recognizer.Recognize(window.AsSpan(0, length), pending))
            {
                if (finding.Start >= commitEnd)
                {
                    break;
                }

                writer.Write(window.AsSpan(emitted, finding.Start - emitted));
                writer.Write(anonymizer.Replace(finding.EntityType, window.AsSpan(finding.Start, finding.Length)));
                log.Add(finding, windowStart + finding.Start, windowStart + finding.End);
                emitted = finding.End;
            }

            int emitEnd = Math.Max(commitEnd, emitted);
            writer.Write(window.AsSpan(emitted, emitEnd - emitted));
            await writer.FlushAsync(cancellationToken);
            afterChunk?.Invoke();
            if (endOfInput)
            {
                return;
            }

            int keepFrom = Math.Max(0, emitEnd - ContextChars);
            Array.Copy(window, keepFrom, window, 0, length - keepFrom);
            windowStart += keepFrom;
            length -= keepFrom;
            pending = emitEnd - keepFrom;
        }
    }

    /// <summary>
    /// Redacts one short string (a CSV cell, a JSON string value) at once. A <paramref name="label"/> (see
    /// <see cref="FieldLabel"/>) is read before the value as <c>label: value</c>, as context only.
    /// </summary>
    public static string Redact(string text, EntityRecognizer recognizer, Anonymizer anonymizer, Action<EntityFinding> onFinding, string? label = null)
    {
        List<EntityFinding> findings;
        int shift = 0;
        if (label is null)
        {
            findings = recognizer.Recognize(text);
        }
        else
        {
            shift = label.Length + 2;
            findings = recognizer.Recognize(string.Concat(label, ": ", text), shift);
        }

        if (findings.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        int emitted = 0;
        foreach (EntityFinding labelled in findings)
        {
            EntityFinding finding = shift == 0 ? labelled : labelled with { Start = labelled.Start - shift, End = labelled.End - shift };
            builder.Append(text, emitted, finding.Start - emitted);
            builder.Append(anonymizer.Replace(finding.EntityType, text.AsSpan(finding.Start, finding.Length)));
            onFinding(finding);
            emitted = finding.End;
        }

        return builder.Append(text, emitted, text.Length - emitted).ToString();
    }
}
