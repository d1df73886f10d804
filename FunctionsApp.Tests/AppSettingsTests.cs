using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FunctionsApp.Tests.Support;
using JobPipeline;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsApp.Tests;

public sealed partial class AppSettingsTests
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    private static JsonObject HostJson => Read("host.json");

    private static JsonObject LocalSettings => Read("local.settings.sample.json");

    private static Dictionary<string, string> Values =>
        LocalSettings["Values"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    [Fact]
    public void Host_json_is_version_2_with_the_api_route_prefix_and_the_durable_task_hub()
    {
        JsonObject host = HostJson;

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        JsonObject durable = host["extensions"]!["durableTask"]!.AsObject();
        Assert.Equal("%TaskHubName%", durable["hubName"]!.GetValue<string>());
        Assert.Equal("AzureWebJobsStorage", durable["storageProvider"]!["connectionName"]!.GetValue<string>());
        Assert.True(durable["maxConcurrentActivityFunctions"]!.GetValue<int>() > 0);
        Assert.True(durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>() > 0);
    }

    [Fact]
    public void Local_settings_run_the_isolated_worker_on_Azurite_on_port_7071()
    {
        JsonObject settings = LocalSettings;
        Dictionary<string, string> values = Values;

        Assert.False(settings["IsEncrypted"]!.GetValue<bool>());
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", values["JobPipeline__Storage__ConnectionString"]);
        Assert.Equal(7071, settings["Host"]!["LocalHttpPort"]!.GetValue<int>());
    }

    [Fact]
    public void The_host_accepts_bodies_as_large_as_JobPipeline_does_so_that_JobPipeline_answers_too_large_ones()
    {
        Dictionary<string, string> values = Values;

        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddFunctionsApp()
            .BuildServiceProvider();

        Assert.Equal(values["JobPipeline__MaxRequestBodyBytes"], values["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
        Assert.Null(services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
    }

    [Fact]
    public void Every_app_setting_named_in_host_json_or_a_trigger_is_in_the_local_settings()
    {
        string sources = File.ReadAllText(FunctionsMetadata.Path) + HostJson.ToJsonString();

        string[] referenced = [.. AppSettingReference().Matches(sources).Select(m => m.Groups["name"].Value).Distinct()];

        Assert.Contains("TaskHubName", referenced);
        Assert.Contains("RetentionSchedule", referenced);
        Assert.All(referenced, name => Assert.True(Values.ContainsKey(name), $"{name} is missing from local.settings.sample.json"));
        Assert.Matches(@"^\S+ \S+ \S+ \S+ \S+ \S+$", Values["RetentionSchedule"]);
    }

    [Fact]
    public void Api_keys_are_given_only_as_tenant_and_sha256_never_as_the_key_itself()
    {
        KeyValuePair<string, string>[] apiKeys = [.. Values.Where(v => v.Key.StartsWith("JobPipeline__ApiKeys__", StringComparison.Ordinal))];

        Assert.NotEmpty(apiKeys);
        Assert.All(apiKeys, v => Assert.Matches(@"^JobPipeline__ApiKeys__\d+__(Tenant|KeySha256)$", v.Key));
        Assert.All(apiKeys.Where(v => v.Key.EndsWith("__KeySha256", StringComparison.Ordinal)), v => Assert.Matches("^[0-9a-f]{64}$", v.Value));
        Assert.Equal(PipelineFactory.Sha256("local-dev-key"), Values["JobPipeline__ApiKeys__0__KeySha256"]);
        Assert.DoesNotContain("local-dev-key", File.ReadAllText(Path.Combine(Azurite.RepositoryRoot, "local.settings.sample.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Development_secrets_are_32_byte_base64_values()
    {
        Dictionary<string, string> values = Values;

        Assert.All(["JobPipeline__Vault__MasterKey", "JobPipeline__Redaction__HashKey"], key => Assert.Equal(32, Convert.FromBase64String(values[key]).Length));
    }

    [Fact]
    public void The_local_settings_bind_to_valid_JobPipeline_options()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddJobPipeline()
            .BuildServiceProvider();

        JobPipelineOptions options = services.GetRequiredService<IOptions<JobPipelineOptions>>().Value;

        Assert.Equal("UseDevelopmentStorage=true", options.Storage.ConnectionString);
        ApiKeyOptions key = Assert.Single(options.ApiKeys);
        Assert.Equal("dev", key.Tenant);
        Assert.Equal(TimeSpan.FromDays(1), options.Retention);
    }

    [Fact]
    public void The_project_is_a_v4_isolated_worker_in_the_solution_that_links_the_root_settings_and_keeps_warnings_errors()
    {
        var project = XDocument.Load(Path.Combine(Azurite.RepositoryRoot, "FunctionsApp", "FunctionsApp.csproj"));
        var central = XDocument.Load(Path.Combine(Azurite.RepositoryRoot, "Directory.Packages.props"));
        string solution = File.ReadAllText(Path.Combine(Azurite.RepositoryRoot, "JobPipeline.sln"));

        Assert.Equal("v4", project.Descendants("AzureFunctionsVersion").Single().Value);
        Assert.Equal("Exe", project.Descendants("OutputType").Single().Value);
        Assert.Contains(project.Descendants("FrameworkReference"), e => (string?)e.Attribute("Include") == "Microsoft.AspNetCore.App");
        Assert.Contains(project.Descendants("Content"), e => (string?)e.Attribute("Include") == @"..\host.json" && (string?)e.Attribute("Link") == "host.json");
        string[] versioned = [.. central.Descendants("PackageVersion").Select(e => (string)e.Attribute("Include")!)];
        string[] referenced = [.. project.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!)];
        Assert.All(referenced, package => Assert.Contains(package, versioned));
        Assert.Contains("Microsoft.DurableTask.Analyzers", referenced);
        Assert.Equal("$(WarningsNotAsErrors);NU1603", project.Descendants("WarningsNotAsErrors").Single().Value);
        Assert.Empty(project.Descendants("TreatWarningsAsErrors"));
        Assert.Empty(project.Descendants("NoWarn"));
        Assert.Contains(@"FunctionsApp\FunctionsApp.csproj", solution, StringComparison.Ordinal);
        Assert.Contains(@"FunctionsApp.Tests\FunctionsApp.Tests.csproj", solution, StringComparison.Ordinal);
    }

    private static JsonObject Read(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Azurite.RepositoryRoot, file)), documentOptions: JsonOptions)!.AsObject();

    [GeneratedRegex(@"%(?<name>[A-Za-z0-9_:]+)%")]
    private static partial Regex AppSettingReference();
}
