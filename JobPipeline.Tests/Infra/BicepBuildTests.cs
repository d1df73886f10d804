using System.Diagnostics;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Infra;

public sealed class BicepBuildTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    [Fact]
    public void Every_bicep_file_compiles_without_a_warning_or_an_error()
    {
        BicepRun build = infra.Build;

        Assert.True(build.IsClean, build.ToString());
        Assert.Contains("main.bicep", infra.BicepFiles);
        Assert.Contains(infra.BicepFiles, f => f.StartsWith("modules/", StringComparison.Ordinal));
        Assert.Equal(infra.BicepFiles, infra.Templates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_bicepparam_file_compiles_without_a_warning_or_an_error_when_the_secrets_are_in_the_environment()
    {
        BicepRun buildParams = infra.BuildParams;

        Assert.True(buildParams.IsClean, buildParams.ToString());
        Assert.Equal(
            CompiledInfra.DeployerEnvironment["JOBPIPELINE_API_KEY_SHA256"],
            infra.Parameters["parameters"]!["apiKeySha256"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bicepparam_file_reads_the_webhook_origins_as_a_list_and_without_them_gives_none()
    {
        var withoutWebhooks = CompiledInfra.DeployerEnvironment
            .Where(v => v.Key is not ("JOBPIPELINE_CALLBACK_ORIGINS" or "JOBPIPELINE_WEBHOOK_SECRET"))
            .ToDictionary(v => v.Key, v => v.Value);

        BicepRun run = await BicepCli.BuildParamsAsync(Path.Combine(CompiledInfra.InfraDirectory, "main.bicepparam"), withoutWebhooks);

        JsonNode with = infra.Parameters["parameters"]!;
        Assert.Equal(
            ["https://hooks.example.com", "https://backup.example.com:8443"],
            with["callbackOrigins"]!["value"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal(CompiledInfra.DeployerEnvironment["JOBPIPELINE_WEBHOOK_SECRET"], with["webhookSecret"]!["value"]!.GetValue<string>());
        Assert.True(run.IsClean, run.ToString());
        JsonNode without = JsonNode.Parse(JsonNode.Parse(run.Stdout)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Empty(without["callbackOrigins"]!["value"]!.AsArray());
        Assert.Equal("", without["webhookSecret"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bicepparam_file_refuses_to_compile_without_the_secrets()
    {
        BicepRun run = await BicepCli.BuildParamsAsync(
            Path.Combine(CompiledInfra.InfraDirectory, "main.bicepparam"), new Dictionary<string, string>());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("JOBPIPELINE_API_KEY_SHA256", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("JOBPIPELINE_VAULT_MASTER_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("JOBPIPELINE_REDACTION_HASH_KEY", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_linter_config_makes_every_rule_an_error_and_is_not_git_ignored()
    {
        string path = Path.Combine(CompiledInfra.InfraDirectory, "bicepconfig.json");
        JsonObject rules = JsonNode.Parse(await File.ReadAllTextAsync(path))!["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.True(rules.Count >= 40, $"only {rules.Count} rules are configured");
        Assert.All(rules, rule => Assert.Equal("error", rule.Value!["level"]!.GetValue<string>()));
        Assert.False(await IsGitIgnoredAsync("infra/bicepconfig.json"), "infra/bicepconfig.json is git-ignored");
    }

    [Fact]
    public async Task A_linter_finding_fails_the_build()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"jobpipeline-infra-lint-{Guid.NewGuid():N}");
        CompiledInfra.CopyTo(copy);
        new InfraMutation("main.bicep", "targetScope = 'resourceGroup'", "targetScope = 'resourceGroup'\n\nparam unusedParameter string = 'x'").ApplyTo(copy);

        BicepRun run = await BicepCli.BuildAsync(Path.Combine(copy, "main.bicep"));

        Directory.Delete(copy, recursive: true);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Error no-unused-params", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<bool> IsGitIgnoredAsync(string relativePath)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Azurite.RepositoryRoot, RedirectStandardOutput = true };
        foreach (string argument in new[] { "check-ignore", "-q", relativePath })
        {
            start.ArgumentList.Add(argument);
        }

        using Process git = Process.Start(start)!;
        await git.WaitForExitAsync();
        return git.ExitCode == 0;
    }
}
