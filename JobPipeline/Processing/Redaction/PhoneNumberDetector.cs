using System.Text.RegularExpressions;
using PhoneNumbers;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Phone numbers written the ways people write them, without knowing the country. A run of digits with the usual
/// separators (and an extension such as <c>x4587</c>) counts when it is
/// <list type="bullet">
/// <item>international (<c>+</c>, <c>00</c> or <c>011</c>, then a country code) and a possible number of that country for libphonenumber;</item>
/// <item>a valid national number of the default region for libphonenumber;</item>
/// <item>shaped like a North American number (<c>345-899-3560</c>, <c>(650) 253-0000</c>), or a national number with a trunk
/// <c>0</c> in groups (<c>0490 75 40 81</c>, <c>03.93.92.16.85</c>, <c>030 901820</c>), 9–11 digits;</item>
/// <item>or, after a phone word (<c>phone</c>, <c>tel</c>, <c>mobile</c>, <c>call</c>, <c>Telefon</c>, <c>tél</c>…), 7–15 digits in any grouping.</item>
/// </list>
/// Dates and times are never phone numbers, and without a phone word a run right after an id, order, invoice or
/// account label or a currency sign is not one either.
/// </summary>
internal sealed partial class PhoneNumberDetector(string defaultRegion) : EntityDetector
{
    public const double ValidScore = 0.8;
    public const double Score = 0.75;
    public const double ShapeScore = 0.65;
    public const double BareDigitsScore = 0.5;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private static readonly string[] PhoneWords =
    [
        "phone", "tel", "call", "mobile", "cell", "fax", "whatsapp", "sms", "text me", "ring", "dial", "ph.", "ph:", "mob", "contact",
        "☎", "📞", "hotline", "telefon", "handy", "mobil", "rufnummer", "tél", "téléphone", "portable", "teléfono", "telefono",
        "móvil", "movil", "cellulare", "gsm", "nummer", "numéro", "número", "reach me", "reach us", "reached at", "reached on", "number is", "bel ", "unter", "ring",
    ];

    private static readonly string[] NotPhoneWords =
    [
        "order", "invoice", "ref", "reference", "id", "no.", "nr.", "#", "account", "acct", "case", "ticket", "tracking", "po", "serial",
        "isbn", "sku", "part", "policy", "claim", "batch", "lot", "$", "€", "£", "¥", "usd", "eur", "gbp", "chf", "iban", "bic", "vat",
        "tax", "passport", "licence", "license", "member", "customer", "card", "zip", "postcode", "version", "build",
    ];

    [GeneratedRegex(
        @"(?<![\w+\-./,])(?:\+ ?|\(\+?)?\d[\d ().\-/]{5,24}\d(?:(?: ?(?:x|ext\.?|extn\.?|extension|Durchwahl|poste) ?)\d{1,6})?(?![\w]|[.\-/]\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    // Dates, times, and the US SSN shape (never a phone, valid or not).
    [GeneratedRegex(@"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}|\d{3}[- ]\d{2}[- ]\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"^(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-/])\d{3}[ .\-]\d{4}(?:(?: ?(?:x|ext\.?|extn\.?|extension) ?)\d{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmerican();

    [GeneratedRegex(@"^0\d{1,4}(?:[ .\-/]\d{2,8}){1,5}$|^\(0\d{1,4}\) ?\d{2,4}(?:[ .\-]\d{2,4}){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex TrunkGroups();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (ValueMatch match in Candidate().EnumerateMatches(text, startAt))
        {
            int index = match.Index;
            ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
            if (value[0] == '(' && value.Count('(') > value.Count(')'))
            {
                index++; // "(+44 7700 900123)": the bracket around the number is not part of it
                value = value[1..];
            }

            int extension = ExtensionStart(value);
            ReadOnlySpan<char> number = extension < 0 ? value : value[..extension].TrimEnd();
            int digits = CountDigits(number);
            if (digits is < 7 or > 17 || Date().IsMatch(number) || !BalancedParentheses(number))
            {
                continue;
            }

            bool phoneWord = HasContextBefore(text, index, 32, PhoneWords);
            double score = Weigh(number, digits, phoneWord);
            if (score > 0 && !phoneWord && score < Score && HasNotPhoneWordBefore(text, index))
            {
                continue;
            }

            if (score > 0)
            {
                findings.Add(new EntityFinding(EntityTypes.PhoneNumber, index, index + value.Length, score));
            }
        }
    }

    private double Weigh(ReadOnlySpan<char> number, int digits, bool phoneWord)
    {
        bool bare = number.IndexOfAnyExcept("0123456789") < 0;
        bool international = number[0] == '+' || number.StartsWith("(+") || (digits >= 10 && (number.StartsWith("00") || number.StartsWith("011")) && !bare);
        if (international)
        {
            if (digits > 17)
            {
                return 0;
            }

            string raw = number.ToString();
            raw = raw.StartsWith("00", StringComparison.Ordinal) ? "+" + raw[2..] : raw.StartsWith("011", StringComparison.Ordinal) ? "+" + raw[3..] : raw;
            if (TryParse(raw, "ZZ", out PhoneNumber? parsed))
            {
                if (Util.IsValidNumber(parsed)) return ValidScore;
                if (Util.IsPossibleNumber(parsed)) return Score;
            }

            return digits is >= 8 and <= 15 ? ShapeScore : 0;
        }

        if (digits > 15)
        {
            return 0;
        }

        if (NorthAmerican().IsMatch(number))
        {
            return Score;
        }

        if (!bare && TryParse(number.ToString(), defaultRegion, out PhoneNumber? national) && Util.IsValidNumber(national))
        {
            return Score;
        }

        if (TrunkGroups().IsMatch(number) && digits is >= 9 and <= 11)
        {
            return ShapeScore;
        }

        if (phoneWord)
        {
            return ShapeScore;
        }

        if (bare && TryParse(number.ToString(), defaultRegion, out PhoneNumber? bareNumber) && Util.IsValidNumber(bareNumber))
        {
            return BareDigitsScore;
        }

        return 0;
    }

    private static bool TryParse(string number, string region, out PhoneNumber parsed)
    {
        try
        {
            parsed = Util.Parse(number, region);
            return true;
        }
        catch (NumberParseException)
        {
            parsed = null!;
            return false;
        }
    }

    private static bool HasNotPhoneWordBefore(ReadOnlySpan<char> text, int index)
    {
        int from = Math.Max(0, index - 14);
        ReadOnlySpan<char> before = text[from..index].TrimEnd(" :#.\t");
        foreach (string word in NotPhoneWords)
        {
            if (before.EndsWith(word, StringComparison.OrdinalIgnoreCase)
                && (before.Length == word.Length || !char.IsLetter(before[before.Length - word.Length - 1]) || !char.IsLetter(word[0])))
            {
                return true;
            }
        }

        return index > 0 && text[index - 1] is '$' or '€' or '£' or '¥';
    }

    private static int ExtensionStart(ReadOnlySpan<char> value)
    {
        for (int i = 1; i < value.Length; i++)
        {
            if (char.IsLetter(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool BalancedParentheses(ReadOnlySpan<char> value) => value.Count('(') == value.Count(')') && value.Count('(') <= 1;

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        int digits = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c)) digits++;
        }

        return digits;
    }

    private static string Digits(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[value.Length];
        int count = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c)) buffer[count++] = c;
        }

        return new string(buffer[..count]);
    }

    /// <summary>Whether libphonenumber knows <paramref name="region"/> (an upper-case ISO 3166 code such as <c>US</c>).</summary>
    public static bool IsSupportedRegion(string region) => Util.GetSupportedRegions().Contains(region);
}
