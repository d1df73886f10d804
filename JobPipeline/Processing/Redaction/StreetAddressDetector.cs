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
        @"(?<![\p{L}\d])(?:\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|Straße|Strasse|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|straat|laan|gracht|plein|dijk|kade|singel|vej|gade|gatan|vägen|veien|gata|katu|tie)" +
        @"|(?:\p{Lu}\p{L}+ )?(?:Straße|Strasse|Weg|Platz|Allee)" +
        @"|(?:Am|An der|Im|Auf der|Zum|Zur|In der|Unter den) \p{Lu}[\p{L}-]*" +
        @"|(?:Via|Viale|Piazza|Corso|Largo|Calle|Avenida|Avda\.|Plaza|Paseo|Carrer|Rua|Praça|Travessa|Ulica|ul\.)(?: (?:de la|de|del|della|di|da|do|dos|das|la|dei|degli))? \p{Lu}[\p{L}'’-]*(?: (?:de |del |la |di )?\p{Lu}[\p{L}'’-]*){0,3}" +
        @"),? (?:Nr\.? |nº ?|n\. ?|no\.? )?\d{1,4}(?: ?[a-zA-Z](?![\p{L}]))?(?:[-/]\d{1,4}[a-z]?)?(?![\d])" + Unit + Tail,
        RegexOptions.CultureInvariant)]
    private static partial Regex NameFirst();

    [GeneratedRegex(
        @"(?<=(?:\b(?:ZIP|Zip|zip|ZIP code|Zip code|zip code|Postcode|postcode|Post code|post code|Postal code|postal code|PLZ|Postleitzahl|Code postal|code postal|CP|CAP|Postnummer|Postnr\.?)[:#]? ?))" + PostalCode + @"(?![\w-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex LabelledPostalCode();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (var match in NumberFirst().EnumerateMatches(text, startAt))
        {
            findings.Add(new EntityFinding(EntityTypes.StreetAddress, match.Index, TrimEnd(text, match.Index, match.Index + match.Length), Score));
        }

        foreach (var match in FrenchNumberFirst().EnumerateMatches(text, startAt))
        {
            findings.Add(new EntityFinding(EntityTypes.StreetAddress, match.Index, TrimEnd(text, match.Index, match.Index + match.Length), Score));
        }

        foreach (var match in NameFirst().EnumerateMatches(text, startAt))
        {
            findings.Add(new EntityFinding(EntityTypes.StreetAddress, match.Index, TrimEnd(text, match.Index, match.Index + match.Length), Score));
        }

        foreach (var match in LabelledPostalCode().EnumerateMatches(text, startAt))
        {
            findings.Add(new EntityFinding(EntityTypes.StreetAddress, match.Index, match.Index + match.Length, PostalCodeScore));
        }
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
