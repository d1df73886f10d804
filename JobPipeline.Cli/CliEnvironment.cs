namespace JobPipeline.Cli;

/// <summary>What the tool reads from its process: environment variables and the standard streams (replaced in tests).</summary>
/// <param name="Variable">Reads an environment variable.</param>
/// <param name="OpenStandardInput">Opens standard input (<c>submit -</c>).</param>
/// <param name="OpenStandardOutput">Opens standard output for raw bytes (<c>result</c> without <c>-o</c>).</param>
/// <param name="Transport">The HTTP client to use instead of the tool's own (tests: the in-memory server).</param>
public sealed record CliEnvironment(
    Func<string, string?> Variable,
    Func<Stream> OpenStandardInput,
    Func<Stream> OpenStandardOutput,
    HttpClient? Transport = null)
{
    /// <summary>The environment variable with the API key.</summary>
    public const string ApiKeyVariable = "JOBPIPELINE_API_KEY";

    /// <summary>The environment variable with the service's base URL.</summary>
    public const string UrlVariable = "JOBPIPELINE_URL";

    /// <summary>The real process.</summary>
    public static CliEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, Console.OpenStandardInput, Console.OpenStandardOutput);
}
