using System.Text;

namespace JobPipeline.Bench.Redaction;

/// <summary>Deterministic English-like prose with a sprinkling of PII (about one entity per 2 KB).</summary>
internal static class SparseProse
{
    private static readonly string[] Words =
    [
        "the", "report", "shows", "that", "quarterly", "revenue", "grew", "across", "most", "regions", "while", "costs",
        "remained", "stable", "and", "customers", "reported", "higher", "satisfaction", "with", "support", "team", "during",
        "review", "period", "of", "2024", "version", "3.2", "release", "notes", "mention", "12", "fixes", "in", "total",
        "meeting", "at", "10:30", "agreed", "to", "ship", "on", "time", "a", "new", "dashboard", "for", "operations",
    ];

    private static readonly string[] Entities =
    [
        "jane.doe@example.com", "(650) 253-0000", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "536-22-1234",
        "10.20.30.40", "https://example.com/account?id=42", "AKIAIOSFODNN7EXAMPLE", "+44 20 7946 0958",
    ];

    public static string Generate(int approximateChars, int seed = 42)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(approximateChars + 256);
        int sinceEntity = 0;
        while (builder.Length < approximateChars)
        {
            int words = random.Next(8, 20);
            for (int i = 0; i < words; i++)
            {
                string word = Words[random.Next(Words.Length)];
                builder.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(' ');
            }

            sinceEntity += words * 6;
            if (sinceEntity > 2048)
            {
                builder.Append("contact ").Append(Entities[random.Next(Entities.Length)]).Append(' ');
                sinceEntity = 0;
            }

            builder.Length--;
            builder.Append(random.Next(6) == 0 ? ".\n" : ". ");
        }

        return builder.ToString();
    }
}
