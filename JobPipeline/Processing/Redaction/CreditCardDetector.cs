using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Payment card numbers: 13–19 digits, optionally grouped by one kind of separator (space or hyphen), that start
/// with a known issuer prefix of a length that issuer uses, and pass the Luhn check.
/// </summary>
internal sealed partial class CreditCardDetector : EntityDetector
{
    public const double Score = 0.95;

    public static CreditCardDetector Instance { get; } = new();

    [GeneratedRegex(@"(?<![\d\-.])\d(?:[ \-]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        Span<char> digits = stackalloc char[19];
        foreach (var match in Candidate().EnumerateMatches(text, startAt))
        {
            var value = text.Slice(match.Index, match.Length);
            if (TryDigits(value, digits, out var count) && IsCardNumber(digits[..count]))
            {
                findings.Add(new EntityFinding(EntityTypes.CreditCard, match.Index, match.Index + match.Length, Score));
            }
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> value, Span<char> digits, out int count)
    {
        count = 0;
        var separator = '\0';
        foreach (var c in value)
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

        return count is >= 13 and <= 19;
    }

    internal static bool IsCardNumber(ReadOnlySpan<char> digits) => HasIssuerPrefix(digits) && PassesLuhn(digits);

    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
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
        var length = d.Length;
        var p2 = Prefix(d, 2);
        var p3 = Prefix(d, 3);
        var p4 = Prefix(d, 4);
        var p6 = Prefix(d, 6);
        return
            (d[0] == '4' && length is 13 or 16 or 19) // Visa
            || ((p2 is >= 51 and <= 55 || p4 is >= 2221 and <= 2720) && length == 16) // Mastercard
            || (p2 is 34 or 37 && length == 15) // American Express
            || ((p4 == 6011 || p2 == 65 || p3 is >= 644 and <= 649 || p6 is >= 622126 and <= 622925) && length is >= 16 and <= 19) // Discover
            || (p4 is >= 3528 and <= 3589 && length is >= 16 and <= 19) // JCB
            || ((p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39 || p4 == 3095) && length is >= 14 and <= 19) // Diners Club
            || (p2 == 62 && length is >= 16 and <= 19) // UnionPay
            || ((p2 is 50 or (>= 56 and <= 69)) && length is >= 12 and <= 19); // Maestro
    }

    private static int Prefix(ReadOnlySpan<char> digits, int length) => int.Parse(digits[..length], provider: System.Globalization.CultureInfo.InvariantCulture);
}
