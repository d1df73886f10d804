using System.Reflection;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Word lists compiled into the assembly (see docs/redaction.md and <c>Lexicons/NOTICE.md</c> for their sources and licences), loaded once
/// on first use and looked up without allocating, ignoring case.
/// </summary>
internal sealed class Lexicon
{
    private static readonly Lazy<Lexicon> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _givenNames;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _surnames;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _englishWords;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _regions;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _cities;

    private Lexicon(HashSet<string> givenNames, HashSet<string> surnames, HashSet<string> englishWords, HashSet<string> regions, Dictionary<string, int> cities)
    {
        _givenNames = givenNames.GetAlternateLookup<ReadOnlySpan<char>>();
        _surnames = surnames.GetAlternateLookup<ReadOnlySpan<char>>();
        _englishWords = englishWords.GetAlternateLookup<ReadOnlySpan<char>>();
        _regions = regions.GetAlternateLookup<ReadOnlySpan<char>>();
        _cities = cities.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static Lexicon Instance => Shared.Value;

    /// <summary>A given name of the US Census 1990 lists (5,163 names) or of faker's locales (12,213 more).</summary>
    public bool IsGivenName(ReadOnlySpan<char> word) => _givenNames.Contains(word);

    /// <summary>A surname of the US Census 1990 list (88,799 names) or of faker's locales (9,128 more).</summary>
    public bool IsSurname(ReadOnlySpan<char> word) => _surnames.Contains(word);

    /// <summary>A lower-case word of the SCOWL American English list: a capitalised form of it is ambiguous.</summary>
    public bool IsEnglishWord(ReadOnlySpan<char> word) => _englishWords.Contains(word);

    /// <summary>A country, a US state, a Canadian province or a continent.</summary>
    public bool IsRegion(ReadOnlySpan<char> name) => _regions.Contains(name);

    /// <summary>The population of the largest city of that name with at least 15,000 inhabitants (GeoNames), or 0.</summary>
    public int CityPopulation(ReadOnlySpan<char> name) => _cities.TryGetValue(name, out int population) ? population : 0;

    private static Lexicon Load()
    {
        Assembly assembly = typeof(Lexicon).Assembly;
        var cities = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in Lines(assembly, "cities.tsv"))
        {
            int tab = line.IndexOf('\t');
            string name = line[..tab];
            int population = int.Parse(line.AsSpan(tab + 1), provider: System.Globalization.CultureInfo.InvariantCulture);
            cities[name] = Math.Max(population, cities.GetValueOrDefault(name));
        }

        // The international lists (faker's locales) add the names of many languages the US Census lists lack.
        return new Lexicon(
            Set(assembly, "given-names.txt", "given-names-intl.txt"), Set(assembly, "surnames.txt", "surnames-intl.txt"), Set(assembly, "english-words.txt"),
            Set(assembly, "regions.txt"), cities);
    }

    private static HashSet<string> Set(Assembly assembly, params string[] names) =>
        new(names.SelectMany(name => Lines(assembly, name)), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Lines(Assembly assembly, string name)
    {
        using Stream stream = assembly.GetManifestResourceStream("JobPipeline.Redaction.Lexicons." + name)
            ?? throw new InvalidOperationException($"The embedded word list {name} is missing.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
