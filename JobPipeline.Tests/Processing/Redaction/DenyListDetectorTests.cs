using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class DenyListDetectorTests
{
    [Fact]
    public void Overlapping_terms_take_the_leftmost_match_and_hide_what_starts_inside_it()
    {
        var detector = new DenyListDetector(["blue whale", "whale shark", "shark"]);

        List<(int Start, int End)> found = Detect(detector, "a blue whale shark swims");

        Assert.Equal([(2, 12), (13, 18)], found);
    }

    [Fact]
    public void Of_terms_that_are_prefixes_of_each_other_the_longest_whole_word_wins()
    {
        var detector = new DenyListDetector(["Acme", "Acme Corp", "Acme Corporation"]);

        List<(int Start, int End)> found = Detect(detector, "Acme Corporation, acme corp and ACME Corpse.");

        Assert.Equal([(0, 16), (18, 27), (32, 36)], found);
    }

    [Fact]
    public void Terms_that_are_suffixes_of_each_other_are_each_found_where_they_start()
    {
        var detector = new DenyListDetector(["falcon", "project falcon", "on"]);

        List<(int Start, int End)> found = Detect(detector, "project falcon, falcon, on, falconon");

        Assert.Equal([(0, 14), (16, 22), (24, 26)], found);
    }

    [Fact]
    public void A_term_is_not_found_inside_a_longer_word_unless_its_edge_is_not_a_word_character()
    {
        var detector = new DenyListDetector(["acme", "-x-", "#tag"]);

        List<(int Start, int End)> found = Detect(detector, "acmeville a-x-b c#tag acme_1 acme");

        Assert.Equal([(11, 14), (17, 21), (29, 33)], found);
    }

    [Theory]
    [InlineData("ÄRGER", "ärger über Ärger", 0, 5)]
    [InlineData("straße", "STRAßE", 0, 6)]
    [InlineData("\U00010428x", "\U00010400X", 0, 3)]
    public void Case_is_ignored_as_ordinal_ignore_case_does(string term, string text, int start, int end)
    {
        var detector = new DenyListDetector([term]);

        List<(int Start, int End)> found = Detect(detector, text);

        Assert.Equal((start, end), found[0]);
    }

    [Fact]
    public void Characters_that_ordinal_ignore_case_keeps_apart_are_kept_apart()
    {
        // U+017F (long s) upper-cases to 'S' but ordinal ignore-case does not treat the two as equal; nor ß and ẞ.
        var detector = new DenyListDetector(["ſecret", "groß"]);

        List<(int Start, int End)> found = Detect(detector, "Secret groẞ ſECRET");

        Assert.Equal([(12, 18)], found);
    }

    [Fact]
    public void The_automaton_finds_exactly_what_a_term_by_term_search_finds()
    {
        var random = new Random(12);
        const string alphabet = "abAB -_.éÉ";
        for (int round = 0; round < 300; round++)
        {
            var terms = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomText(random, alphabet, random.Next(1, 6))).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
            string text = RandomText(random, alphabet, random.Next(0, 200));
            int startAt = random.Next(0, Math.Max(1, text.Length / 3));
            if (terms.Count == 0)
            {
                continue;
            }

            var found = new List<EntityFinding>();
            new DenyListDetector(terms).Detect(text, startAt, found);

            Assert.True(
                ReferenceSearch(terms, text, startAt).SequenceEqual(found.Select(f => (f.Start, f.End))),
                $"terms [{string.Join("|", terms)}] text '{text}' from {startAt}");
        }
    }

    [Fact]
    public void A_thousand_terms_over_a_large_text_give_the_same_findings_as_a_term_by_term_search()
    {
        var random = new Random(7);
        var terms = Enumerable.Range(0, 1000).Select(i => $"term{i} {RandomText(random, "abcdef", random.Next(0, 8))}".Trim()).ToList();
        var text = new StringBuilder();
        while (text.Length < 200_000)
        {
            text.Append(random.Next(4) == 0 ? terms[random.Next(terms.Count)].ToUpperInvariant() : "term" + random.Next(2000)).Append(' ');
        }

        var found = new List<EntityFinding>();
        new DenyListDetector(terms).Detect(text.ToString(), 0, found);

        Assert.NotEmpty(found);
        Assert.Equal(ReferenceSearch(terms, text.ToString(), 0), found.Select(f => (f.Start, f.End)));
    }

    [Theory]
    [InlineData(250)]
    [InlineData(310)]
    [InlineData(318)]
    [InlineData(321)]
    [InlineData(372)]
    [InlineData(380)]
    public async Task A_term_straddling_a_chunk_boundary_is_found_once(int position)
    {
        RedactionOptions settings = Redaction.Settings with { ChunkChars = 256, OverlapChars = 64 };
        var options = new JsonObject { ["entities"] = new JsonArray("DENY_LIST"), ["deny_list"] = new JsonArray("project falcon", "falcon", "falcon wing") };
        string text = new string('x', position - 1) + " Project Falcon Wing falcon " + new string('y', 600) + " falcon";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _, string _) = await Redaction.RunDocumentAsync(text, "text/plain", options, settings);

        Assert.Equal(
            [("DENY_LIST", position, position + 14), ("DENY_LIST", position + 20, position + 26), ("DENY_LIST", text.Length - 6, text.Length)],
            Redaction.Findings(result));
    }

    private static List<(int Start, int End)> Detect(DenyListDetector detector, string text)
    {
        var findings = new List<EntityFinding>();
        detector.Detect(text, 0, findings);
        return [.. findings.Select(f => (f.Start, f.End))];
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    /// <summary>The search as it was before the automaton: at each candidate, every term tried, longest first.</summary>
    private static List<(int Start, int End)> ReferenceSearch(IReadOnlyList<string> terms, string text, int startAt)
    {
        string[] sorted = [.. terms.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length)];
        var search = SearchValues.Create(sorted, StringComparison.OrdinalIgnoreCase);
        var found = new List<(int, int)>();
        int position = startAt;
        while (position < text.Length)
        {
            int next = text.AsSpan(position).IndexOfAny(search);
            if (next < 0)
            {
                break;
            }

            int start = position + next;
            string? term = sorted.FirstOrDefault(t => text.AsSpan(start).StartsWith(t, StringComparison.OrdinalIgnoreCase) && IsWholeWord(text, start, t));
            if (term is null)
            {
                position = start + 1;
                continue;
            }

            found.Add((start, start + term.Length));
            position = start + term.Length;
        }

        return found;
    }

    private static bool IsWholeWord(string text, int start, string term)
    {
        int end = start + term.Length;
        return (!IsWordChar(term[0]) || start == 0 || !IsWordChar(text[start - 1]))
            && (!IsWordChar(term[^1]) || end == text.Length || !IsWordChar(text[end]));
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
