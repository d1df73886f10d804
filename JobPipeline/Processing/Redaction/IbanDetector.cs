using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// IBANs: an upper-case ISO country code with a known IBAN length, two check digits, the BBAN (upper case letters
/// and digits), written compact or in groups of four separated by single spaces; the ISO 7064 mod-97 check must give 1.
/// </summary>
internal sealed partial class IbanDetector : EntityDetector
{
    public const double Score = 1.0;

    public static IbanDetector Instance { get; } = new();

    // Lengths from the SWIFT IBAN registry.
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24,
        ["DE"] = 22, ["DJ"] = 27, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18,
        ["FK"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27,
        ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27,
        ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MN"] = 20, ["MR"] = 27,
        ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24, ["PL"] = 28,
        ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24, ["SC"] = 31,
        ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        Span<char> compact = stackalloc char[34];
        foreach (ValueMatch match in Candidate().EnumerateMatches(text, startAt))
        {
            ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
            if (!Lengths.TryGetValue(value[..2].ToString(), out int length))
            {
                continue;
            }

            // The regex runs on greedily ("… 0130 00 IS"); take exactly the country's length of characters.
            int count = 0;
            int end = 0;
            bool grouped = value.Length > 4 && value[4] == ' ';
            for (; end < value.Length && count < length; end++)
            {
                if (value[end] != ' ')
                {
                    compact[count++] = value[end];
                }
                else if (!grouped || end % 5 != 4)
                {
                    break;
                }
            }

            if (count != length)
            {
                continue;
            }

            char next = match.Index + end < text.Length ? text[match.Index + end] : ' ';
            if (char.IsAsciiLetterOrDigit(next) || !IsValid(compact[..count]))
            {
                continue;
            }

            findings.Add(new EntityFinding(EntityTypes.IbanCode, match.Index, match.Index + end, Score));
        }
    }

    internal static bool IsValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || !Lengths.TryGetValue(iban[..2].ToString(), out int length) || iban.Length != length)
        {
            return false;
        }

        // Move the first four characters to the end, read letters as 10..35, and take the number mod 97 piecewise.
        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            char c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }
}
