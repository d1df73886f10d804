using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Processing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Configuration;
using JobPipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Support;

/// <summary>
/// The real <c>JobPipeline.Server</c> (same Program, same DI, hosted queue worker) in memory, on a real Azurite with
/// its own table, container and queue names, with two tenants (<see cref="KeyA"/>, <see cref="KeyB"/>) and the test
/// job types of <see cref="TestProcessors"/>.
/// </summary>
public sealed class PipelineFactory : WebApplicationFactory<Program>
{
    public const string KeyA = "test-key-tenant-a";
    public const string KeyB = "test-key-tenant-b";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly ITestOutputHelper? _output;
    private readonly bool _waitForStorage;

    /// <param name="azurite">The storage.</param>
    /// <param name="settings">Settings over the defaults below.</param>
    /// <param name="services">More service registrations.</param>
    /// <param name="output">The test's output, which receives the server's logs (shown when the test fails).</param>
    /// <param name="host">The host to run instead of JobPipeline.Server (FunctionsApp.Tests runs the contract on FunctionsApp).</param>
    /// <param name="waitForStorage">Whether starting the server waits until its storage exists (false for tests of the time before).</param>
    public PipelineFactory(Azurite azurite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, ITestOutputHelper? output = null, bool waitForStorage = true, PipelineHost? host = null)
    {
        Azurite = azurite;
        _output = output;
        _waitForStorage = waitForStorage;
        Host = host;
        string name = Azurite.UniqueName("t");
        _settings = new Dictionary<string, string?>
        {
            ["JobPipeline:Storage:ConnectionString"] = azurite.ConnectionString,
            ["JobPipeline:Storage:JobsTableName"] = name + "jobs",
            ["JobPipeline:Storage:IndexTableName"] = name + "index",
            ["JobPipeline:Storage:ContainerName"] = name,
            ["JobPipeline:Storage:QueueName"] = name,
            ["JobPipeline:ApiKeys:0:Tenant"] = "tenant-a",
            ["JobPipeline:ApiKeys:0:KeySha256"] = Sha256(KeyA),
            ["JobPipeline:ApiKeys:1:Tenant"] = "tenant-b",
            ["JobPipeline:ApiKeys:1:KeySha256"] = Sha256(KeyB),
            ["JobPipeline:FirstRetryInterval"] = "00:00:00.010",
            ["JobPipeline:Worker:MaxIdlePoll"] = "00:00:00.200",
            ["JobPipeline:Vault:TableName"] = name + "vault",
            ["JobPipeline:Vault:MasterKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
            ["JobPipeline:Redaction:HashKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
        };
        if (settings is not null)
        {
            foreach ((string key, string? value) in settings)
            {
                _settings[key] = value;
            }
        }

        _services = services;
    }

    public Azurite Azurite { get; }

    /// <summary>The host that serves the API: null for <c>JobPipeline.Server</c>'s own Program.</summary>
    public PipelineHost? Host { get; }

    public string Setting(string key) => _settings[key]!;

    /// <summary>Every setting this server starts with.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public static string Sha256(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// A client that sends <paramref name="key"/> as <c>x-api-key</c> (none when null) and fails the test on a response
    /// that does not match openapi.json (<see cref="OpenApiConformance"/>).
    /// </summary>
    public HttpClient Client(string? key = KeyA)
    {
        // As CreateClient without redirects would build it, plus the check of every response against openapi.json.
        HttpClient client = CreateDefaultClient(ClientOptions.BaseAddress, new CookieContainerHandler(), new OpenApiConformance());
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
        }

        return client;
    }

    protected override IHostBuilder? CreateHostBuilder() => Host?.CreateHostBuilder() ?? base.CreateHostBuilder();

    /// <summary>
    /// Starts the server and waits until its storage exists. A deployed server answers 503 until then; a test asks
    /// for a server that works, so it waits as a client would for health (a busy machine can make the first attempt
    /// time out, and the initializer tries again in the background).
    /// </summary>
    /// <summary>How long a starting server may take to create its storage (a bound for a stuck start, not a speed target: a loaded machine has taken over 60 s).</summary>
    private static readonly TimeSpan StorageReadyBound = TimeSpan.FromSeconds(180);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        IHost host = base.CreateHost(builder);
        if (_waitForStorage && !host.Services.GetRequiredService<StorageInitializer>().Ready.Wait(StorageReadyBound))
        {
            throw new TimeoutException($"The test server's storage was not created within {StorageReadyBound.TotalSeconds} s.");
        }

        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        if (_output is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(_output)));
        }

        Host?.ConfigureWebHost(builder, _settings);
        builder.ConfigureServices(services =>
        {
            foreach (IJobProcessor processor in TestProcessors.All)
            {
                services.AddSingleton(processor);
            }

            _services?.Invoke(services);
        });
    }
}

/// <summary>Client-side helpers: submit, poll until terminal.</summary>
public static class PipelineClient
{
    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string type, object input, object? options = null, object? metadata = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = type, ["input"] = input };
        if (options is not null)
        {
            body["options"] = options;
        }

        if (metadata is not null)
        {
            body["metadata"] = metadata;
        }

        return await client.PostAsJsonAsync("/api/jobs", body);
    }

    public static async Task<string> SubmitIdAsync(this HttpClient client, string type, object input, object? options = null)
    {
        HttpResponseMessage response = await client.SubmitAsync(type, input, options);
        JsonObject body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body.ToJsonString());
        return body["job_id"]!.GetValue<string>();
    }

    /// <summary>Polls until the job is terminal (bounded: fails the test after <paramref name="seconds"/>).</summary>
    public static async Task<JsonObject> WaitAsync(this HttpClient client, string jobId, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            HttpResponseMessage response = await client.GetAsync($"/api/jobs/{jobId}");
            if (response.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.TooManyRequests)
            {
                // As a client does: storage busy or a limit reached, so wait as told (bounded) and ask again.
                Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} still unreadable ({(int)response.StatusCode}) after {seconds} s");
                await Task.Delay(RetryDelay(response));
                continue;
            }

            JsonObject job = await response.ReadJsonAsync();
            string status = job["status"]!.GetValue<string>();
            if (status is "completed" or "failed" or "canceled" or "expired")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} still {status} after {seconds} s");
            await Task.Delay(25);
        }
    }

    public static JsonElement Json(this JsonObject node) => JsonSerializer.SerializeToElement(node);

    private static TimeSpan RetryDelay(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(5) ? delta : TimeSpan.FromSeconds(1);
}
