using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Organisations where their name says so: capitalised words ending in a legal form (<c>Inc</c>, <c>Ltd</c>,
/// <c>GmbH</c>, <c>S.A.</c>…) or in a kind of organisation (<c>Bank</c>, <c>University</c>, <c>Group</c>…), and
/// "University of …", "Bank of …". Names without such a word (Google, Siemens) are not found.
/// </summary>
internal sealed partial class OrganizationDetector : EntityDetector
{
    public const double LegalFormScore = 0.9;
    public const double KindScore = 0.7;

    public static OrganizationDetector Instance { get; } = new();

    private const string LegalForms =
        @"Inc\.?|Incorporated|Ltd\.?|Limited|LLC|L\.L\.C\.|LLP|PLC|plc|Corp\.?|Corporation|Co\.|GmbH(?: & Co\. KG)?|AG|KG|KGaA|SE|S\.A\.|SA|SAS|SARL|S\.p\.A\.|SpA|S\.r\.l\.|Srl|B\.V\.|BV|N\.V\.|NV|Oy|AB|ASA|A/S|ApS|AS|Pty(?: Ltd\.?)?|S\.L\.|SL|Sp\. z o\.o\.|s\.r\.o\.|a\.s\.|K\.K\.";

    private const string KindWords =
        "Company|Group|Holdings|Partners|Associates|Bank|Foundation|Institute|University|College|Hospital|Clinic|Labs|Laboratories|Technologies|Systems|Solutions|Industries|Enterprises|Consulting|Insurance|Airlines|Motors|Pharmaceuticals|Pharma|Capital|Ventures|Logistics|Software|Studios|Agency|Association|Society|Trust|Bakery|Restaurant|Brewery|Hotel|Hotels|Resorts|Academy|School|Media|Networks|Electronics|Energy|Foods|Realty|Properties|Construction|Manufacturing|Telecom|Communications|Gesellschaft|Stiftung|Verlag|Versicherung|Kliniken|Klinikum|Universität|Hochschule|Université|Universidad|Università|Banque|Banco";

    // One to five capitalised words (with "&", "of", "für", "de" between), then the legal form or kind.
    [GeneratedRegex(
        @"(?<![\p{L}\d_@.])(?<name>\p{Lu}[\p{L}\d'’&.-]*(?: (?:(?:&|of|for|für|de|du|des|der|et|y) )?\p{Lu}[\p{L}\d'’&.-]*){0,4}),? " +
        @"(?:(?<legal>" + LegalForms + ")" +
        @"|(?<kind>" + KindWords + "))" +
        @"(?![\p{L}\d])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Suffixed();

    [GeneratedRegex(
        @"(?<![\p{L}\d])(?:University|Bank|Institute|College|Museum|Ministry|Department|Embassy|Church|Federal Reserve Bank|Royal Bank|Commonwealth Bank) of (?:the )?\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,3}(?![\p{L}\d])",
        RegexOptions.CultureInvariant)]
    private static partial Regex OfName();

    // Sentence-leading words that are not part of the name: "Yesterday Acme Ltd said", "Contact Acme Ltd".
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Leading = new HashSet<string>(
    [
        "The", "A", "An", "At", "In", "On", "For", "From", "To", "With", "By", "Of", "And", "Or", "But", "Our", "Your", "Their", "His", "Her",
        "My", "We", "I", "You", "They", "He", "She", "It", "Yesterday", "Today", "Tomorrow", "Contact", "Call", "Email", "Ask", "Visit",
        "Please", "Dear", "Hi", "Hello", "Thanks", "Then", "When", "After", "Before", "Since", "While", "Also", "Both", "Meanwhile",
        "Employer", "Company", "Organization", "Organisation", "Client", "Customer", "Vendor", "Supplier", "Bank", "Insurer", "Sponsor",
        "Former", "Current", "Joined", "Left", "Works", "Worked", "Employed", "Via", "Per", "Re", "Subject", "Note",
    ], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // Every legal form and kind the pattern ends in, after its space: the pattern runs only in a window before one of
    // them (found by a vectorised multi-string search), not at every capital of the text.
    private static readonly System.Buffers.SearchValues<string> Suffixes = System.Buffers.SearchValues.Create(
        [.. (LegalForms + "|" + KindWords).Split('|').Select(suffix => " " + suffix.Replace(@"\.?", "", StringComparison.Ordinal).Replace(@"\.", ".", StringComparison.Ordinal).Split(' ', '(')[0])
            .Where(suffix => suffix.Length > 1).Distinct()],
        StringComparison.Ordinal);

    // A name of up to five words before the suffix: the window reaches this far back (longer names are not looked for).
    private const int NameWindow = 200;
    private const int SuffixWindow = 48;

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        int position = startAt;
        int done = startAt;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(Suffixes);
            if (hit < 0)
            {
                break;
            }

            hit += position;
            int from = Math.Max(done, hit - NameWindow);
            int limit = Math.Min(text.Length, hit + SuffixWindow);
            foreach (ValueMatch match in Suffixed().EnumerateMatches(text[..limit], from))
            {
                int matchEnd = match.Index + match.Length;
                if (matchEnd == limit && limit < text.Length && char.IsLetterOrDigit(text[limit]))
                {
                    continue; // the window cut a longer word
                }

                AddSuffixed(text, match.Index, matchEnd, findings);
                done = matchEnd;
            }

            position = Math.Max(hit + 1, done);
        }

        foreach (ValueMatch match in OfName().EnumerateMatches(text, startAt))
        {
            findings.Add(new EntityFinding(EntityTypes.Organization, match.Index, match.Index + match.Length, KindScore));
        }
    }

    private static void AddSuffixed(ReadOnlySpan<char> text, int matchStart, int matchEnd, List<EntityFinding> findings)
    {
        // EnumerateMatches gives no groups; the suffix is the last word of the match.
        ReadOnlySpan<char> value = text[matchStart..matchEnd];
        int start = matchStart;
        int end = matchEnd;

        // Drop leading words that only open the sentence or name the role.
        while (true)
        {
            int space = text[start..end].IndexOf(' ');
            if (space < 0 || !Leading.Contains(text[start..(start + space)].TrimEnd(',')))
            {
                break;
            }

            start += space + 1;
        }

        // A sentence that ends inside the match ("42.50 EUR. Regards, University"): the name starts after it. Short
        // abbreviations ("St.", "Co.") stay part of it.
        for (int dot = text[start..end].IndexOf(". "); dot >= 0; dot = text[start..end].IndexOf(". "))
        {
            int wordStart = text[start..(start + dot)].LastIndexOf(' ') + 1;
            if (dot - wordStart < 3)
            {
                break;
            }

            start += dot + 2;
        }

        int suffixStart = text[start..end].LastIndexOf(' ');
        if (suffixStart <= 0)
        {
            return;
        }

        ReadOnlySpan<char> suffix = text[(start + suffixStart + 1)..end];
        bool legal = IsLegalForm(suffix);
        if (!legal && start == matchStart && value.Length == suffix.Length)
        {
            return;
        }

        // A comma belongs before a legal form ("Acme, Inc."); before a kind it ends a greeting: "Regards, University".
        if (!legal && text[start + suffixStart - 1] == ',')
        {
            return;
        }

        findings.Add(new EntityFinding(EntityTypes.Organization, start, end, legal ? LegalFormScore : KindScore));
    }

    private static bool IsLegalForm(ReadOnlySpan<char> suffix) => !Kinds.Contains(suffix);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Kinds = new HashSet<string>(
        "Company Group Holdings Partners Associates Bank Foundation Institute University College Hospital Clinic Labs Laboratories Technologies Systems Solutions Industries Enterprises Consulting Insurance Airlines Motors Pharmaceuticals Pharma Capital Ventures Logistics Software Studios Agency Association Society Trust Bakery Restaurant Brewery Hotel Hotels Resorts Academy School Media Networks Electronics Energy Foods Realty Properties Construction Manufacturing Telecom Communications Gesellschaft Stiftung Verlag Versicherung Kliniken Klinikum Universität Hochschule Université Universidad Università Banque Banco".Split(' '),
        StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
}
