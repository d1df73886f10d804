using System.Text.RegularExpressions;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.FunctionsApp;

/// <summary>
/// Reads FunctionsApp's sources as text.
/// </summary>
internal static partial class FunctionsAppSource
{
    public static string Directory { get; } = Path.Combine(Azurite.RepositoryRoot, "FunctionsApp");

    /// <summary>Every C# file of the project (not bin/ or obj/), path relative to the project.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = System.IO.Directory
        .EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
        .Where(path => !Path.GetRelativePath(Directory, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
        .ToDictionary(path => Path.GetRelativePath(Directory, path).Replace('\\', '/'), File.ReadAllText);

    /// <summary>All sources in one text.</summary>
    public static string All => string.Join("\n", Files.Values);

    /// <summary>Every <c>[HttpTrigger(level, "method", Route = …)]</c>: level, upper-case method and route (constants resolved).</summary>
    public static IReadOnlyList<(string Level, string Method, string Route)> HttpTriggers()
    {
        Dictionary<string, string> constants = StringConstant().Matches(All).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        return [.. HttpTrigger().Matches(All).Select(m => (
            m.Groups["level"].Value,
            m.Groups["method"].Value.ToUpperInvariant(),
            m.Groups["literal"].Success ? m.Groups["literal"].Value : constants[m.Groups["constant"].Value]))];
    }

    /// <summary>A route template without its parameters' constraints: <c>jobs/{type:regex(…)}</c> → <c>jobs/{type}</c>.</summary>
    public static string WithoutConstraints(string route) => Constraint().Replace(route, "{${name}}");

    /// <summary>The names of every <c>[Function(…)]</c>, <c>nameof(X)</c> as X and <c>JobStepNames.X</c> as written.</summary>
    public static IReadOnlyList<string> FunctionNames() =>
        [.. FunctionAttribute().Matches(All).Select(m => m.Groups["name"].Value)];

    [GeneratedRegex(@"HttpTrigger\(\s*AuthorizationLevel\.(?<level>\w+)\s*,\s*""(?<method>\w+)""\s*,\s*Route\s*=\s*(?:""(?<literal>[^""]+)""|(?<constant>\w+))\s*\)")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex(@"const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""\s*;")]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"\{(?<name>\w+):[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\[Function\(\s*(?:nameof\((?<name>\w+)\)|(?<name>[\w.]+))\s*\)\]")]
    private static partial Regex FunctionAttribute();
}
