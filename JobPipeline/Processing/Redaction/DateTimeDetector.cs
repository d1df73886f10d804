using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Dates and times (<c>DATE_TIME</c>): ISO 8601 (<c>2023-05-12</c>, with a time), numeric day/month/year in either
/// order (<c>12/05/2023</c>, <c>12.05.2023</c>, <c>5-12-2023</c>; two-digit years only with <c>/</c> or <c>.</c>),
/// <c>2023/05/12</c>, written months in English, German, French, Spanish, Italian and Dutch (<c>5 May 2023</c>,
/// <c>May 5th, 2023</c>, <c>15. März 2023</c>, <c>5 de mayo de 2023</c>, <c>Monday, 5 May</c>, <c>May 2023</c>), and
/// clock times with am/pm or after "at". Day and month must be in range; years 1900–2099.
/// </summary>
internal sealed partial class DateTimeDetector : EntityDetector
{
    public const double DateScore = 0.85;
    public const double PartialScore = 0.6;

    public static DateTimeDetector Instance { get; } = new();

    private const string Day = @"(?:0?[1-9]|[12]\d|3[01])";
    private const string Year = @"(?:19|20)\d{2}";
    private const string Time = @"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?: ?(?:[AaPp]\.?[Mm]\.?|Uhr|h))?";

    private const string MonthsEnglish =
        "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

    private const string MonthsGerman = "Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember";

    private const string MonthsOther =
        "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre" +
        "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre" +
        "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre" +
        "|januari|februari|maart|mei|augustus|oktober";

    // Capitalised only, so the word-led pattern starts at capitals ("lundi 5 mai 2023" is found from its "5").
    private const string Weekdays =
        "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun" +
        "|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag";

    private const string Months = MonthsEnglish + "|" + MonthsGerman + "|" + MonthsOther;

    private const string DayMonth = Day + @"(?:st|nd|rd|th|er|\.|º)?(?: of| de)? (?:" + Months + @")\.?(?:,? (?:de )?" + Year + ")?";
    private const string TimeAfter = @"(?:(?:,? (?:at|um|à|a las|alle|om) |,? |T)" + Time + @"(?: ?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?";

    // Starts with a digit: ISO, numeric and day-first dates, and times with am/pm.
    // Anchored (\G): Detect tries it only where a digit run could start a date (see MayStartDate).
    [GeneratedRegex(
        @"\G(?<![\w.,/:+-])(?:" +
        @"(?<iso>" + Year + @"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)" +
        @"|" + Year + @"(?<s1>[/.])(?:0?[1-9]|1[0-2])\k<s1>" + Day +
        @"|\d{1,2}(?<s2>[/.-])\d{1,2}\k<s2>(?:" + Year + @"|\d{2})" +
        @"|" + DayMonth +
        @"|(?:[01]?\d|2[0-3])(?::[0-5]\d)? ?(?:[ap]\.m\.|[AaPp][Mm])(?![\p{L}])" +
        @"|(?<clock>(?:[01]?\d|2[0-3]):[0-5]\d(?: ?(?:Uhr|h))?)" +
        @")" + TimeAfter + @"(?![\w]|[/.:-]\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DigitLed();

    // Starts with a capital: "May 5th, 2023", "Monday, 5 May 2023", "March 2024", and "at 14:30".
    // Anchored (\G): Detect tries it only at a weekday or month name.
    [GeneratedRegex(
        @"\G(?<![\p{L}\d])(?:" +
        @"(?:(?:" + Weekdays + @")\.?,? (?:the )?)?(?:" + MonthsEnglish + "|" + MonthsGerman + @")\.? " + Day + @"(?:st|nd|rd|th)?(?:,? " + Year + ")?" +
        @"|(?:" + Weekdays + @")\.?,? (?:the )?" + DayMonth +
        @"|(?:January|February|March|April|June|July|August|September|October|November|December|Januar|Februar|März|Juni|Juli|Oktober|Dezember) " + Year +
        @")" + TimeAfter + @"(?![\w]|[/.:-]\d)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex WordLed();

    // The words a date may start with, or follow its first number with: the patterns are tried only where one of
    // them is (a vectorised scan for digits and capitals, then a set lookup), not at every digit and capital of prose.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LeadingWords = new HashSet<string>(
        (Weekdays + "|" + MonthsEnglish + "|" + MonthsGerman).Split('|'), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WordsAfterDay = new HashSet<string>(
        [.. Months.Split('|'), "of", "de"], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int i = startAt;
        while (i < text.Length)
        {
            int digit = text[i..].IndexOfAnyInRange('0', '9');
            if (digit < 0)
            {
                break;
            }

            i += digit;
            int runEnd = i;
            while (runEnd < text.Length && char.IsAsciiDigit(text[runEnd]))
            {
                runEnd++;
            }

            int next = runEnd;
            if (MayStartDate(text, i, runEnd))
            {
                foreach (ValueMatch match in DigitLed().EnumerateMatches(text, i))
                {
                    next = Math.Max(runEnd, match.Index + match.Length);
                    ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
                    if (IsBareClockTime(value) && !IsAfterAt(text, match.Index))
                    {
                        break; // "10:30" alone may be a score or a ratio; "at 10:30" is a time
                    }

                    if (IsValidNumericDate(value))
                    {
                        findings.Add(new EntityFinding(EntityTypes.DateTime, match.Index, match.Index + match.Length, Score(value)));
                    }

                    break;
                }
            }

            i = next;
        }

        i = startAt;
        while (i < text.Length)
        {
            int capital = text[i..].IndexOfAnyInRange('A', 'Z');
            if (capital < 0)
            {
                break;
            }

            i += capital;
            int wordEnd = i + 1;
            while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
            {
                wordEnd++;
            }

            int next = wordEnd;
            if ((i == 0 || !char.IsLetterOrDigit(text[i - 1])) && LeadingWords.Contains(text[i..wordEnd]))
            {
                foreach (ValueMatch match in WordLed().EnumerateMatches(text, i))
                {
                    findings.Add(new EntityFinding(EntityTypes.DateTime, match.Index, match.Index + match.Length, Score(text.Slice(match.Index, match.Length))));
                    next = Math.Max(wordEnd, match.Index + match.Length);
                    break;
                }
            }

            i = next;
        }
    }

    /// <summary>
    /// Whether the digits <c>text[start..end]</c> can open a date or time of <see cref="DigitLed"/>: a year followed by
    /// <c>-</c>, <c>/</c> or <c>.</c>; or one or two digits followed by a separator, an ordinal or am/pm letter, or a
    /// space and a month name, "of", "de" or am/pm. Anything else ("12 fixes", "2024 version") cannot match.
    /// </summary>
    private static bool MayStartDate(ReadOnlySpan<char> text, int start, int end)
    {
        int length = end - start;
        if (end >= text.Length || length is 3 or > 4)
        {
            return false;
        }

        char next = text[end];
        if (length == 4)
        {
            return next is '-' or '/' or '.';
        }

        if (next is '/' or '.' or '-' or ':' or 'º' or 's' or 'n' or 'r' or 't' or 'e' or 'a' or 'p' or 'A' or 'P')
        {
            return true;
        }

        if (next != ' ' || end + 1 >= text.Length)
        {
            return false;
        }

        int wordStart = end + 1;
        int wordEnd = wordStart;
        while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
        {
            wordEnd++;
        }

        ReadOnlySpan<char> word = text[wordStart..wordEnd];
        return WordsAfterDay.Contains(word) || (word.Length > 0 && word[0] is 'a' or 'p' or 'A' or 'P' && (word.Length == 1 || word[1] is 'm' or 'M'));
    }

    private static bool IsBareClockTime(ReadOnlySpan<char> value) => value.Length <= 9 && value.Contains(':') && value.IndexOfAny('/', '-', ' ') < 0 && !value.Contains("Uhr", StringComparison.Ordinal);

    private static bool IsAfterAt(ReadOnlySpan<char> text, int index)
    {
        ReadOnlySpan<char> before = text[Math.Max(0, index - 4)..index];
        return before.EndsWith(" at ", StringComparison.OrdinalIgnoreCase) || before.EndsWith(" um ", StringComparison.Ordinal) || before.EndsWith(" à ", StringComparison.Ordinal)
            || (before.Length >= 3 && before[^3..] is "at " or "um " or "à " && (index == 3 || !char.IsLetter(text[index - 4]))) || (index >= 3 && text[..index].EndsWith("à ", StringComparison.Ordinal));
    }

    /// <summary>A full date (with a year) scores higher than a month and day, a month and year, or a time.</summary>
    private static double Score(ReadOnlySpan<char> value)
    {
        int digits = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c)) digits++;
        }

        bool hasYear = YearPattern().IsMatch(value);
        bool hasLetters = value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z');
        return hasYear && (digits >= 5 || hasLetters) ? DateScore : PartialScore;
    }

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)|^\d{1,2}[/.]\d{1,2}[/.]\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

    /// <summary>For <c>d/m/y</c> or <c>m/d/y</c>: one of the first two numbers is a month and both are days; two-digit years need / or .</summary>
    private static bool IsValidNumericDate(ReadOnlySpan<char> value)
    {
        if (value.Length < 6 || !char.IsAsciiDigit(value[0]))
        {
            return true;
        }

        int firstSeparator = value.IndexOfAny('/', '.', '-');
        if (firstSeparator is < 1 or > 2)
        {
            return true; // ISO, year first, or a written month: the pattern checked it
        }

        char separator = value[firstSeparator];
        int secondSeparator = value[(firstSeparator + 1)..].IndexOf(separator);
        if (secondSeparator is < 1 or > 2)
        {
            return true; // "5. Mai 2023": a written month
        }

        int a = int.Parse(value[..firstSeparator], provider: System.Globalization.CultureInfo.InvariantCulture);
        int b = int.Parse(value.Slice(firstSeparator + 1, secondSeparator), provider: System.Globalization.CultureInfo.InvariantCulture);
        int yearStart = firstSeparator + 1 + secondSeparator + 1;
        int yearLength = 0;
        while (yearStart + yearLength < value.Length && char.IsAsciiDigit(value[yearStart + yearLength]))
        {
            yearLength++;
        }

        if (yearLength == 2 && separator == '-')
        {
            return false;
        }

        return a is >= 1 and <= 31 && b is >= 1 and <= 31 && (a <= 12 || b <= 12);
    }
}
