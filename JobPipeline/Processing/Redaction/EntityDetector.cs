namespace JobPipeline.Processing.Redaction;

/// <summary>Finds one kind of entity. Detectors look at <c>text[startAt..]</c> but may read before it for context.</summary>
internal abstract class EntityDetector
{
    public abstract void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings);

    /// <summary>Whether one of <paramref name="keywords"/> occurs in the <paramref name="window"/> characters before <paramref name="index"/>.</summary>
    protected static bool HasContextBefore(ReadOnlySpan<char> text, int index, int window, ReadOnlySpan<string> keywords)
    {
        int from = Math.Max(0, index - window);
        ReadOnlySpan<char> before = text[from..index];
        foreach (string keyword in keywords)
        {
            if (before.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    protected static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
