using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Infra;

/// <summary>
/// infra/ compiled once per test run: every .bicep file (one CLI run with --pattern) and main.bicepparam,
/// into a temporary folder that is removed afterwards.
/// </summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    /// <summary>Stand-in secrets for build-params, which reads them from the environment as a deployer's shell would.</summary>
    public static readonly IReadOnlyDictionary<string, string> DeployerEnvironment = new Dictionary<string, string>
    {
        ["JOBPIPELINE_API_KEY_SHA256"] = new string('a', 64),
        ["JOBPIPELINE_VAULT_MASTER_KEY"] = Convert.ToBase64String(new byte[32]),
        ["JOBPIPELINE_REDACTION_HASH_KEY"] = Convert.ToBase64String(new byte[32]),
        ["JOBPIPELINE_CALLBACK_ORIGINS"] = "https://hooks.example.com,https://backup.example.com:8443",
        ["JOBPIPELINE_WEBHOOK_SECRET"] = "whsec_" + Convert.ToBase64String(new byte[32]),
    };

    public static string InfraDirectory { get; } = Path.Combine(Azurite.RepositoryRoot, "infra");

    /// <summary>Every .bicep file under infra/, relative to it, with '/' separators.</summary>
    public IReadOnlyList<string> BicepFiles { get; } = Directory
        .EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(InfraDirectory, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    public BicepRun Build { get; private set; } = null!;

    public BicepRun BuildParams { get; private set; } = null!;

    /// <summary>Compiled ARM templates by .bicep file (relative path).</summary>
    public IReadOnlyDictionary<string, JsonNode> Templates { get; private set; } = null!;

    /// <summary>The compiled main template.</summary>
    public JsonNode Main => Templates["main.bicep"];

    /// <summary>The parameters file that main.bicepparam compiles to.</summary>
    public JsonNode Parameters { get; private set; } = null!;

    // Compiled once per test run, whichever test class asks first; the classes only read the results.
    private static readonly Lazy<Task<CompiledInfra>> Shared = new(CompileAsync);

    public async Task InitializeAsync()
    {
        CompiledInfra shared = await Shared.Value;
        Build = shared.Build;
        BuildParams = shared.BuildParams;
        Templates = shared.Templates;
        Parameters = shared.Parameters;
    }

    private static async Task<CompiledInfra> CompileAsync()
    {
        var infra = new CompiledInfra();
        string output = Path.Combine(Path.GetTempPath(), $"jobpipeline-infra-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            Task<BicepRun> build = BicepCli.BuildAllAsync(InfraDirectory, output);
            Task<BicepRun> buildParams = BicepCli.BuildParamsAsync(Path.Combine(InfraDirectory, "main.bicepparam"), DeployerEnvironment);
            infra.Build = await build;
            infra.BuildParams = await buildParams;

            var templates = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (string file in infra.BicepFiles)
            {
                string json = Path.Combine(output, Path.ChangeExtension(file, ".json"));
                if (File.Exists(json))
                {
                    templates[file] = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
                }
            }

            infra.Templates = templates;
            if (infra.BuildParams.ExitCode == 0)
            {
                infra.Parameters = JsonNode.Parse(JsonNode.Parse(infra.BuildParams.Stdout)!["parametersJson"]!.GetValue<string>())!;
            }

            return infra;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
    /// <summary>Copies infra/ (bicepconfig.json included) to <paramref name="target"/>.</summary>
    public static void CopyTo(string target)
    {
        foreach (string source in Directory.EnumerateFiles(InfraDirectory, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(InfraDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(source, copy);
        }
    }
}
