using System.Text.RegularExpressions;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Docs;

/// <summary>
/// The README and docs/ link only to files of this repository, so that a clone has everything they point to; a link
/// to a heading (<c>api.md#errors</c>, <c>#not-yet</c>) names a heading that exists.
/// </summary>
public sealed partial class DocLinkTests
{
    private static readonly string Root = Path.GetFullPath(Azurite.RepositoryRoot);

    [Fact]
    public void Every_relative_link_of_the_readme_and_the_docs_names_a_file_inside_the_repository()
    {
        List<(string File, string Target)> links = [.. DocumentFiles().SelectMany(file => RelativeLinks(file).Select(target => (file, target)))];

        List<string> broken = [.. links
            .Where(link => !ResolvesInsideRepository(link.File, link.Target))
            .Select(link => $"{Path.GetRelativePath(Root, link.File)}: ({link.Target})")];
        Assert.True(links.Count >= 20, $"Only {links.Count} relative links found; the link pattern no longer matches the docs.");
        Assert.Empty(broken);
    }

    [Fact]
    public void The_readme_links_the_projects_own_contract_and_design()
    {
        string readme = Path.Combine(Root, "README.md");

        string[] targets = [.. RelativeLinks(readme)];

        Assert.Contains("docs/api.md", targets);
        Assert.Contains("docs/architecture.md", targets);
    }

    [Theory]
    [InlineData("docs/api.md", "../README.md", true)]
    [InlineData("README.md", "docs/api.md#errors", true)]
    [InlineData("README.md", "../shared/API.md", false)]
    [InlineData("docs/api.md", "../../shared/API.md", false)]
    [InlineData("README.md", "docs/no-such-page.md", false)]
    [InlineData("docs/api.md", "#not-yet", true)]
    [InlineData("docs/api.md", "#no-such-heading", false)]
    [InlineData("README.md", "docs/api.md#no-such-heading", false)]
    public void A_link_resolves_only_to_an_existing_file_of_the_repository(string from, string target, bool expected)
    {
        string file = Path.Combine(Root, from);

        bool resolves = ResolvesInsideRepository(file, target);

        Assert.Equal(expected, resolves);
    }

    private static IEnumerable<string> DocumentFiles() =>
        [Path.Combine(Root, "README.md"), .. Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)];

    /// <summary>The targets of the file's inline and reference links that are not URLs; code blocks skipped.</summary>
    private static IEnumerable<string> RelativeLinks(string file)
    {
        string text = FencedCode().Replace(File.ReadAllText(file), "");
        IEnumerable<string> targets = InlineLink().Matches(text).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceLink().Matches(text).Select(m => m.Groups["target"].Value));
        return targets.Where(t => !UrlScheme().IsMatch(t));
    }

    private static bool ResolvesInsideRepository(string file, string target)
    {
        string[] parts = target.Split('#', 2);
        string resolved = parts[0].Length == 0
            ? file
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(parts[0])));
        bool inside = resolved == Root || resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside || !(File.Exists(resolved) || Directory.Exists(resolved)))
        {
            return false;
        }

        return parts.Length == 1 || !resolved.EndsWith(".md", StringComparison.Ordinal) || HeadingAnchors(resolved).Contains(parts[1]);
    }

    /// <summary>The anchors GitHub makes of a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> HeadingAnchors(string file)
    {
        string text = FencedCode().Replace(File.ReadAllText(file), "");
        return [.. Heading().Matches(text).Select(m => string.Concat(m.Groups["text"].Value.Trim().ToLowerInvariant()
            .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-'))];
    }

    [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UrlScheme();
}
