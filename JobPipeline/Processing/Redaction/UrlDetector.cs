using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// URLs with an http, https or ftp scheme, or starting with <c>www.</c>; trailing sentence punctuation and an
/// unbalanced closing bracket are left out; the rest must parse as an absolute URI with a host that has a dot,
/// is <c>localhost</c>, or is an IP literal.
/// </summary>
internal sealed partial class UrlDetector : EntityDetector
{
    public const double Score = 0.6;

    public static UrlDetector Instance { get; } = new();

    [GeneratedRegex(@"(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>""'`\{\}|\\^]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (ValueMatch match in Candidate().EnumerateMatches(text, startAt))
        {
            ReadOnlySpan<char> value = TrimTrailing(text.Slice(match.Index, match.Length));
            string absolute = value.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "http://" + value.ToString() : value.ToString();
            if (Uri.TryCreate(absolute, UriKind.Absolute, out Uri? uri)
                && (uri.Host.Contains('.', StringComparison.Ordinal) || uri.HostNameType is UriHostNameType.IPv6 || uri.Host == "localhost")
                && !uri.Host.EndsWith('.'))
            {
                findings.Add(new EntityFinding(EntityTypes.Url, match.Index, match.Index + value.Length, Score));
            }
        }
    }

    private static ReadOnlySpan<char> TrimTrailing(ReadOnlySpan<char> value)
    {
        while (value.Length > 0)
        {
            char last = value[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '*')
            {
                value = value[..^1];
            }
            else if (last is ')' or ']' && value.Count(last == ')' ? '(' : '[') < value.Count(last))
            {
                value = value[..^1];
            }
            else
            {
                break;
            }
        }

        return value;
    }
}
