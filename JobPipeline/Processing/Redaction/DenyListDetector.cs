using System.Buffers;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The request's deny list: each term is matched literally, ignoring case (ordinal), and not inside a longer word
/// (a term that starts or ends with a letter or digit needs a non-word character or the text's edge there).
/// The longest term wins where several start at the same place.
/// </summary>
internal sealed class DenyListDetector : EntityDetector
{
    public const double Score = 1.0;

    private readonly string[] _terms;
    private readonly SearchValues<string> _search;

    public DenyListDetector(IReadOnlyList<string> terms)
    {
        _terms = [.. terms.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length)];
        _search = SearchValues.Create(_terms, StringComparison.OrdinalIgnoreCase);
    }

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        var position = startAt;
        while (position < text.Length)
        {
            var found = text[position..].IndexOfAny(_search);
            if (found < 0)
            {
                return;
            }

            var start = position + found;
            var length = 0;
            foreach (var term in _terms)
            {
                if (text[start..].StartsWith(term, StringComparison.OrdinalIgnoreCase) && IsWholeWord(text, start, term))
                {
                    length = term.Length;
                    break;
                }
            }

            if (length > 0)
            {
                findings.Add(new EntityFinding(EntityTypes.DenyList, start, start + length, Score));
                position = start + length;
            }
            else
            {
                position = start + 1;
            }
        }
    }

    private static bool IsWholeWord(ReadOnlySpan<char> text, int start, string term)
    {
        var end = start + term.Length;
        var leftOk = !IsWordChar(term[0]) || start == 0 || !IsWordChar(text[start - 1]);
        var rightOk = !IsWordChar(term[^1]) || end == text.Length || !IsWordChar(text[end]);
        return leftOk && rightOk;
    }
}
