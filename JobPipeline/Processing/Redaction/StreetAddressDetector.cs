using System.Buffers;
using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Street addresses (<c>STREET_ADDRESS</c>): a house number and capitalised street name ending in a street type
/// (<c>123 Main St</c>, <c>10 Downing Street</c>, <c>12 rue de la Paix</c>), or a street name of a European form
/// followed by the number (<c>Hauptstraße 5</c>, <c>Keizersgracht 123</c>, <c>Via Roma 10</c>, <c>Calle Mayor 3</c>);
/// an apartment or suite, and the city with a postal code that follow on the same line, belong to the address.
/// A postal code on its own counts after a label (<c>ZIP</c>, <c>postcode</c>, <c>PLZ</c>, <c>code postal</c>).
/// </summary>
internal sealed partial class StreetAddressDetector : EntityDetector
{
    public const double Score = 0.85;
    public const double PostalCodeScore = 0.6;

    public static StreetAddressDetector Instance { get; } = new();

    private const string Word = @"\p{Lu}[\p{L}'’.-]*";

    private const string StreetTypes =
        "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|" +
        "Parkway|Pkwy|Square|Sq|Trail|Trl|Alley|Crescent|Cres|Close|Grove|Gardens|Row|Mews|Hill|Walk|Green|Park|Loop|Pike|Plaza|Path|" +
        "Point|Ridge|Crossing|Expressway|Freeway|Turnpike|Estate|Rise|View|Wharf|Quay|Parade|Esplanade|Broadway";

    private const string Unit = @"(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Building|Bldg)\.? ?#? ?[\dA-Z][\w-]{0,5}|,? #\d{1,5})?";

    // City (one to three capitalised words), optionally a state or country, then a postal code; or a postal code then the city.
    private const string PostalCode = @"(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2}|\d{2}-\d{3}|\d{3} ?\d{2}|\d{4})";
    private const string CityWord = @"\p{Lu}[\p{L}'’-]*";
    private const string City = CityWord + @"(?: (?:am |an der |sur |de |del )?" + CityWord + "){0,2}";
    private const string Tail =
        @"(?:(?:,? |,?\r?\n)(?:" +
        City + @",? (?:[A-Z]{2}|" + CityWord + @")?,? ?" + PostalCode + @"(?:,? (?:USA|US|United States|UK|United Kingdom|Canada|Germany|France|Spain|Italy|Netherlands|Austria|Switzerland|Belgium))?" +
        @"|(?:[A-Z]{1,2}-)?" + PostalCode + " " + City + @"(?:,? (?:Germany|Deutschland|France|Spain|España|Italy|Italia|Netherlands|Nederland|Austria|Österreich|Switzerland|Schweiz|Suisse|Belgium|Belgique|Poland|Polska|Sweden|Sverige|Denmark|Danmark|Norway|Norge|Finland|Portugal|Czech Republic|Czechia))?" +
        @"|" + City + @", (?:[A-Z]{2}|Alabama|Alaska|Arizona|California|Colorado|Florida|Georgia|Illinois|New York|Texas|Washington|Ontario|Quebec)(?![\p{L}])" +
        @"))?";

    [GeneratedRegex(
        @"(?<![\w.,/-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?,? (?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.? )?(?:(?:" + Word + @"|\d{1,3}(?:st|nd|rd|th)) ){1,4}(?:" + StreetTypes + @")\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\.?)?(?![\p{L}\d])" + Unit + Tail,
        RegexOptions.CultureInvariant)]
    private static partial Regex NumberFirst();

    [GeneratedRegex(
        @"(?<![\w.,/-])\d{1,4}(?: ?(?:bis|ter|[a-c]))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|passage)(?: (?:de la|de l'|du|des|de|d'|la|le|les|l')?\s?\p{L}[\p{L}'’-]*){1,5}" + Tail,
        RegexOptions.CultureInvariant)]
    private static partial Regex FrenchNumberFirst();

    [GeneratedRegex(
        @"^(?:\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|Straße|Strasse|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|straat|laan|gracht|plein|dijk|kade|singel|vej|gade|gatan|vägen|veien|gata|katu|tie)" +
        @"|(?:\p{Lu}\p{L}+ )?(?:Straße|Strasse|Weg|Platz|Allee)" +
        @"|(?:Am|An der|Im|Auf der|Zum|Zur|In der|Unter den) \p{Lu}[\p{L}-]*" +
        @"|(?:Via|Viale|Piazza|Corso|Largo|Calle|Avenida|Avda\.|Plaza|Paseo|Carrer|Rua|Praça|Travessa|Ulica)(?: (?:de la|de|del|della|di|da|do|dos|das|la|dei|degli))? \p{Lu}[\p{L}'’-]*(?: (?:de |del |la |di )?\p{Lu}[\p{L}'’-]*){0,3}" +
        @"),? (?:Nr\.? |nº ?|n\. ?|no\.? )?\d{1,4}(?: ?[a-zA-Z](?![\p{L}]))?(?:[-/]\d{1,4}[a-z]?)?(?![\d])" + Unit + Tail,
        RegexOptions.CultureInvariant)]
    private static partial Regex NameFirst();

    [GeneratedRegex(@"^" + PostalCode + @"(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex PostalCodeAtStart();

    // Labels that make a number a postal code, found by a vectorised search rather than a pattern tried everywhere.
    private static readonly SearchValues<string> PostalLabels = SearchValues.Create(
        ["zip", "zip code", "postcode", "post code", "postal code", "plz", "postleitzahl", "code postal", "postnummer", "postnr"], StringComparison.OrdinalIgnoreCase);

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        DetectNumberFirst(text, startAt, findings);

        DetectFrenchNumberFirst(text, startAt, findings);

        DetectNameFirst(text, startAt, findings);

        DetectLabelledPostalCodes(text, startAt, findings);
    }

    // Street types after their space: the number-first pattern runs only in a window around one of them (found by a
    // vectorised multi-string search), not at every number of the text.
    private static readonly SearchValues<string> StreetTypeWords = SearchValues.Create(
        [.. StreetTypes.Split('|').Select(type => " " + type)], StringComparison.Ordinal);

    // The number and up to four words before the street type; the unit, city and postal code after it.
    private const int BeforeStreetType = 160;
    private const int AfterStreetType = 320;

    private static void DetectNumberFirst(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int position = startAt;
        int done = startAt;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(StreetTypeWords);
            if (hit < 0)
            {
                return;
            }

            hit += position;
            int from = Math.Max(done, hit - BeforeStreetType);
            int limit = Math.Min(text.Length, hit + AfterStreetType);
            foreach (ValueMatch match in NumberFirst().EnumerateMatches(text[..limit], from))
            {
                int matchEnd = match.Index + match.Length;
                if (matchEnd == limit && limit < text.Length)
                {
                    continue; // the window may have cut the address short; not expected of a real one
                }

                findings.Add(new EntityFinding(EntityTypes.StreetAddress, match.Index, TrimEnd(text, match.Index, matchEnd), Score));
                done = matchEnd;
            }

            position = Math.Max(hit + 1, done);
        }
    }

    // French street types: the number-first French pattern runs only around them.
    private static readonly SearchValues<string> FrenchStreetTypes = SearchValues.Create(
        [" rue ", " avenue ", " av. ", " boulevard ", " bd ", " place ", " chemin ", " allée ", " impasse ", " quai ", " route ", " cours ", " square ", " passage "],
        StringComparison.Ordinal);

    private static void DetectFrenchNumberFirst(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int position = startAt;
        int done = startAt;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(FrenchStreetTypes);
            if (hit < 0)
            {
                return;
            }

            hit += position;
            position = hit + 1;

            // The house number ends right before the street type: "12 rue", "12bis, rue".
            int from = Math.Max(done, hit - 10);
            if (hit == 0 || !char.IsAsciiDigit(text[hit - 1]) && !char.IsLetter(text[hit - 1]) && text[hit - 1] != ',')
            {
                continue;
            }

            ReadOnlySpan<char> slice = text[from..Math.Min(text.Length, hit + 200)];
            foreach (ValueMatch match in FrenchNumberFirst().EnumerateMatches(slice))
            {
                if (from + match.Index > hit)
                {
                    break;
                }

                int start = from + match.Index;
                if (start < startAt || (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or ',' or '/' or '-')))
                {
                    continue;
                }

                int end = TrimEnd(text, start, start + match.Length);
                findings.Add(new EntityFinding(EntityTypes.StreetAddress, start, end, Score));
                position = done = end;
                break;
            }
        }
    }

    private static void DetectLabelledPostalCodes(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int position = Math.Max(0, startAt - 16);
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(PostalLabels);
            if (hit < 0)
            {
                return;
            }

            hit += position;
            position = hit + 1;
            if (hit > 0 && char.IsLetter(text[hit - 1]))
            {
                continue;
            }

            // The label's end: the rest of its word(s), then an optional ':' or '#' and one space.
            int at = hit;
            while (at < text.Length && (char.IsLetter(text[at]) || (text[at] == ' ' && at + 1 < text.Length && char.IsLower(text[at + 1]) && at - hit < 12)))
            {
                at++;
            }

            if (at < text.Length && text[at] is ':' or '#') at++;
            if (at < text.Length && text[at] == ' ') at++;
            if (at < startAt)
            {
                continue;
            }

            foreach (ValueMatch match in PostalCodeAtStart().EnumerateMatches(text.Slice(at, Math.Min(16, text.Length - at))))
            {
                findings.Add(new EntityFinding(EntityTypes.StreetAddress, at, at + match.Length, PostalCodeScore));
                position = at + match.Length;
            }
        }
    }

    private static readonly string[] StreetSuffixes =
    [
        "straße", "strasse", "str.", "Straße", "Strasse", "weg", "Weg", "gasse", "platz", "Platz", "allee", "Allee", "ring", "damm", "ufer",
        "chaussee", "steig", "pfad", "markt", "graben", "straat", "laan", "gracht", "plein", "dijk", "kade", "singel", "vej", "gade", "gatan",
        "vägen", "veien", "gata", "katu", "tie",
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StreetPrefixes = new HashSet<string>(
        ["Am", "An", "Im", "Auf", "Zum", "Zur", "In", "Unter", "Via", "Viale", "Piazza", "Corso", "Largo", "Calle", "Avenida", "Avda.", "Plaza", "Paseo", "Carrer", "Rua", "Praça", "Travessa", "Ulica"],
        StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Name-first addresses ("Hauptstraße 5", "Via Roma 10"): found from the house number back, so the pattern runs only
    /// where a capitalised word with a street suffix, or a street prefix, comes right before a number.
    /// </summary>
    private static void DetectNameFirst(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int position = startAt;
        int done = startAt;
        Span<int> starts = stackalloc int[6];
        while (position < text.Length)
        {
            int digit = text[position..].IndexOfAnyInRange('0', '9');
            if (digit < 0)
            {
                return;
            }

            digit += position;
            position = digit + 1;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            // The word before the number ("Nr." and "nº" are skipped), then up to five words before it.
            int end = digit;
            int count = 0;
            int streetWordEnd = -1;
            int streetWordStart = -1;
            while (count < starts.Length)
            {
                while (end > 0 && text[end - 1] is ' ' or ',')
                {
                    end--;
                }

                if (end == digit || end < done)
                {
                    break;
                }

                int start = end;
                while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] is '-' or '.' or '\'' or '’'))
                {
                    start--;
                }

                if (start == end)
                {
                    break;
                }

                ReadOnlySpan<char> word = text[start..end];
                if (count == 0 && streetWordStart < 0 && word is "Nr." or "Nr" or "nº" or "n." or "no." or "No.")
                {
                    end = start;
                    continue;
                }

                if (!char.IsUpper(word[0]) && count == 0)
                {
                    break;
                }

                if (streetWordStart < 0)
                {
                    streetWordStart = start;
                    streetWordEnd = end;
                }

                starts[count++] = start;
                end = start;
            }

            if (count == 0)
            {
                continue;
            }

            ReadOnlySpan<char> streetWord = text[streetWordStart..streetWordEnd];
            bool hasSuffix = false;
            foreach (string suffix in StreetSuffixes)
            {
                if (streetWord.EndsWith(suffix, StringComparison.Ordinal))
                {
                    hasSuffix = true;
                    break;
                }
            }

            for (int i = count - 1; i >= 0; i--)
            {
                int candidate = starts[i];
                int candidateWordEnd = candidate;
                while (candidateWordEnd < text.Length && !(text[candidateWordEnd] is ' ' or ','))
                {
                    candidateWordEnd++;
                }

                bool isPrefix = StreetPrefixes.Contains(text[candidate..candidateWordEnd]);
                if (candidate < startAt || !char.IsUpper(text[candidate]) || !(isPrefix || hasSuffix) || (candidate > 0 && char.IsLetterOrDigit(text[candidate - 1])))
                {
                    continue;
                }

                int matched = MatchNameFirst(text, candidate);
                if (matched > 0)
                {
                    findings.Add(new EntityFinding(EntityTypes.StreetAddress, candidate, matched, Score));
                    position = done = matched;
                    break;
                }
            }
        }
    }

    /// <summary>The end of a name-first address starting at <paramref name="start"/>, or -1.</summary>
    private static int MatchNameFirst(ReadOnlySpan<char> text, int start)
    {
        ReadOnlySpan<char> slice = text.Slice(start, Math.Min(240, text.Length - start));
        foreach (ValueMatch match in NameFirst().EnumerateMatches(slice))
        {
            // "During 2024" is no "…ring 2024": a street name of one word must not be an English word.
            ReadOnlySpan<char> value = slice.Slice(match.Index, match.Length);
            int wordEnd = value.IndexOfAny(' ', ',');
            ReadOnlySpan<char> afterWord = value[wordEnd..].TrimStart(", ");
            if (afterWord.Length > 0 && char.IsAsciiDigit(afterWord[0]) && Lexicon.Instance.IsEnglishWord(value[..wordEnd]))
            {
                return -1;
            }

            return TrimEnd(text, start, start + match.Length);
        }

        return -1;
    }

    /// <summary>A sentence's full stop after the address is not part of it ("… 5th Avenue.").</summary>
    private static int TrimEnd(ReadOnlySpan<char> text, int start, int end)
    {
        while (end > start && text[end - 1] is '.' or ',' or ' ' or '\n' or '\r')
        {
            end--;
        }

        return end;
    }
}
