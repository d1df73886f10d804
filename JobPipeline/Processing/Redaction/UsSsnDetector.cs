using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// US social security numbers: <c>AAA-GG-SSSS</c> (or with spaces) anywhere, or nine bare digits only after a
/// keyword such as "SSN" or "social security". Areas 000, 666 and 900–999, group 00, serial 0000 and
/// well-known sample numbers are never issued and are rejected.
/// </summary>
internal sealed partial class UsSsnDetector : EntityDetector
{
    public const double FormattedScore = 0.85;
    public const double BareScore = 0.6;

    public static UsSsnDetector Instance { get; } = new();

    private static readonly string[] Keywords = ["ssn", "social security", "ss#", "ss #", "social sec"];

    [GeneratedRegex(@"(?<![\d\-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        Span<char> digits = stackalloc char[9];
        foreach (ValueMatch match in Candidate().EnumerateMatches(text, startAt))
        {
            ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
            bool formatted = match.Length == 11;
            if (!formatted && !HasContextBefore(text, match.Index, 40, Keywords))
            {
                continue;
            }

            int count = 0;
            foreach (char c in value)
            {
                if (char.IsAsciiDigit(c)) digits[count++] = c;
            }

            if (IsIssuable(digits))
            {
                findings.Add(new EntityFinding(EntityTypes.UsSsn, match.Index, match.Index + match.Length, formatted ? FormattedScore : BareScore));
            }
        }
    }

    internal static bool IsIssuable(ReadOnlySpan<char> digits)
    {
        ReadOnlySpan<char> area = digits[..3];
        if (area is "000" or "666" || area[0] == '9')
        {
            return false;
        }

        if (digits[3..5] is "00" || digits[5..] is "0000")
        {
            return false;
        }

        // The Woolworth wallet card and the number printed in countless examples.
        return digits is not ("078051120" or "219099999" or "123456789");
    }
}
