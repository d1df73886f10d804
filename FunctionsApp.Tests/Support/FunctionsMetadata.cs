using System.Text.Json.Nodes;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// The <c>functions.metadata</c> that the Functions SDK generated for FunctionsApp at build time: what the Functions
/// host reads to know each function, its trigger and its entry point.
/// </summary>
public static class FunctionsMetadata
{
    /// <summary>The path of the copy beside the tests (see FunctionsApp.Tests.csproj).</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "FunctionsAppMetadata", "functions.metadata");

    /// <summary>Every function declared.</summary>
    public static IReadOnlyList<FunctionDeclaration> Functions { get; } = Read();

    /// <summary>The HTTP-triggered functions.</summary>
    public static IEnumerable<FunctionDeclaration> HttpFunctions => Functions.Where(f => f.Trigger.Type == "httpTrigger");

    private static List<FunctionDeclaration> Read()
    {
        JsonArray functions = JsonNode.Parse(File.ReadAllText(Path))!.AsArray();
        return [.. functions.Select(f => new FunctionDeclaration(
            f!["name"]!.GetValue<string>(),
            f["entryPoint"]!.GetValue<string>(),
            [.. f["bindings"]!.AsArray().Select(b => new BindingDeclaration(
                b!["name"]?.GetValue<string>(),
                b["type"]!.GetValue<string>(),
                b["direction"]!.GetValue<string>(),
                b["route"]?.GetValue<string>(),
                b["authLevel"]?.GetValue<string>(),
                [.. b["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()) ?? []]))]))];
    }
}
