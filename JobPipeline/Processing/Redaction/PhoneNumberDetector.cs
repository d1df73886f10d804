using System.Text.RegularExpressions;
using PhoneNumbers;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Phone numbers: runs of digits with the usual separators are handed to libphonenumber, which must find a number
/// that is valid for its country (an international number with <c>+</c>, or a national one of the default region).
/// Dates (<c>2024-01-15</c>, <c>15/01/2024</c>, <c>15.01.2024</c>) are never phone numbers.
/// </summary>
internal sealed partial class PhoneNumberDetector(string defaultRegion) : EntityDetector
{
    public const double Score = 0.75;
    public const double BareDigitsScore = 0.5;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [GeneratedRegex(@"(?<![\w+\-./])(?:\+|\(?)\d[\d ().\-/]{5,24}\d(?![\w]|[.\-/]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (var match in Candidate().EnumerateMatches(text, startAt))
        {
            // E.164 numbers have at most 15 digits (17 with an international call prefix such as 00); anything else is not worth libphonenumber's time.
            var digits = 0;
            foreach (var c in text.Slice(match.Index, match.Length))
            {
                if (char.IsAsciiDigit(c)) digits++;
            }

            if (digits is < 7 or > 17)
            {
                continue;
            }

            var candidate = text.Slice(match.Index, match.Length).ToString();
            if (Date().IsMatch(candidate))
            {
                continue;
            }

            foreach (var number in Util.FindNumbers(candidate, defaultRegion, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                var raw = number.RawString.AsSpan();
                if (Date().IsMatch(number.RawString))
                {
                    continue;
                }

                var bare = raw.IndexOfAnyExcept("0123456789") < 0;
                findings.Add(new EntityFinding(
                    EntityTypes.PhoneNumber, match.Index + number.Start, match.Index + number.Start + number.Length, bare ? BareDigitsScore : Score));
            }
        }
    }

    /// <summary>Whether libphonenumber knows <paramref name="region"/> (an upper-case ISO 3166 code such as <c>US</c>).</summary>
    public static bool IsSupportedRegion(string region) => Util.GetSupportedRegions().Contains(region);
}
