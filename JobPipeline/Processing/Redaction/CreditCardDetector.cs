using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Payment card numbers: 12–19 digits, optionally grouped by one kind of separator (space or hyphen), that start
/// with the prefix of a known issuer range and pass the Luhn check. Any length from 12 to 19 digits is taken for every
/// range (issuers have used most of them: 12-digit Maestro, 15-digit JCB, 19-digit Visa), except American Express (15)
/// and Mastercard (16). Twelve digits need a card word before them (card, Visa, …).
/// </summary>
internal sealed partial class CreditCardDetector : EntityDetector
{
    public const double Score = 0.95;

    public static CreditCardDetector Instance { get; } = new();

    private static readonly string[] CardWords = ["card", "visa", "mastercard", "maestro", "amex", "jcb", "discover", "diners", "unionpay", "cc", "credit", "debit", "karte", "carte", "tarjeta", "carta"];

    [GeneratedRegex(@"(?<![\d\-.+])\d(?:[ \-]?\d){11,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        Span<char> digits = stackalloc char[19];
        foreach (ValueMatch match in Candidate().EnumerateMatches(text, startAt))
        {
            ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
            if (TryDigits(value, digits, out int count) && IsCardNumber(digits[..count])
                && (count > 12 || HasContextBefore(text, match.Index, 32, CardWords)))
            {
                findings.Add(new EntityFinding(EntityTypes.CreditCard, match.Index, match.Index + match.Length, Score));
            }
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> value, Span<char> digits, out int count)
    {
        count = 0;
        char separator = '\0';
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (separator == '\0')
            {
                separator = c;
            }
            else if (separator != c)
            {
                return false;
            }
        }

        return count is >= 12 and <= 19;
    }

    internal static bool IsCardNumber(ReadOnlySpan<char> digits) => HasIssuerPrefix(digits) && PassesLuhn(digits);

    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        int sum = 0;
        bool doubleIt = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static bool HasIssuerPrefix(ReadOnlySpan<char> d)
    {
        int length = d.Length;
        int p2 = Prefix(d, 2);
        int p3 = Prefix(d, 3);
        int p4 = Prefix(d, 4);
        if (p2 is 34 or 37)
        {
            return length == 15; // American Express
        }

        if (p2 is >= 51 and <= 55 || p4 is >= 2221 and <= 2720)
        {
            return length == 16; // Mastercard
        }

        return
            d[0] == '4' // Visa (13, 16, 19; Visa Electron)
            || p4 is 1800 or 2131 or 3095 || p4 is >= 3528 and <= 3589 // JCB (15-digit 1800/2131, 16–19-digit 35)
            || d[0] == '1' && length == 15 // UATP
            || p4 is 2014 or 2149 // enRoute
            || p4 is >= 2200 and <= 2204 // Mir
            || p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39 // Diners Club
            || p2 is 50 or (>= 56 and <= 69) // Maestro, Discover, UnionPay (62), RuPay (60, 65), InstaPayment, Laser
            || p2 is 81 or 82 // RuPay, UnionPay
            || p4 == 8699 // Voyager
            || p4 == 9792; // Troy
    }

    private static int Prefix(ReadOnlySpan<char> digits, int length) => int.Parse(digits[..length], provider: System.Globalization.CultureInfo.InvariantCulture);
}
