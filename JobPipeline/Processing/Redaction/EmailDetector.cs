using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// E-mail addresses: a dot-atom local part, then a domain of valid labels (1–63 letters, digits or inner hyphens;
/// Unicode letters allowed, as in internationalized addresses) ending in an alphabetic top-level domain of at least
/// two letters (or an <c>xn--</c> one).
/// </summary>
internal sealed partial class EmailDetector : EntityDetector
{
    public const double Score = 0.9;

    public static EmailDetector Instance { get; } = new();

    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]{1,64}@[\p{L}\p{N}\-]{1,63}(?:\.[\p{L}\p{N}\-]{1,63})+", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (var match in Candidate().EnumerateMatches(text, startAt))
        {
            var value = text.Slice(match.Index, match.Length);
            var at = value.IndexOf('@');
            var local = value[..at];
            var domain = value[(at + 1)..];

            // A sentence may end right after the address: "write to a@b.com." keeps the dot out.
            while (domain.Length > 0 && (domain[^1] == '.' || domain[^1] == '-'))
            {
                domain = domain[..^1];
            }

            if (IsValidLocalPart(local) && IsValidDomain(domain))
            {
                findings.Add(new EntityFinding(EntityTypes.EmailAddress, match.Index, match.Index + at + 1 + domain.Length, Score));
            }
        }
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local) =>
        local.Length > 0 && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal);

    internal static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        var labels = 0;
        ReadOnlySpan<char> last = default;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
            last = label;
        }

        if (labels < 2)
        {
            return false;
        }

        if (last.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return last.Length > 4;
        }

        if (last.Length < 2)
        {
            return false;
        }

        foreach (var c in last)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
