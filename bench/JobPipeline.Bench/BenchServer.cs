using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Bench;

/// <summary>A <see cref="ServerProcess"/> of the real server on the bench's Azurite, with a client for it.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string ApiKey = "bench-key";

    /// <summary>The key of a second tenant, <c>bench-b</c>.</summary>
    public const string OtherTenantApiKey = "bench-key-b";

    private BenchServer(ServerProcess process, HttpClient client, IReadOnlyList<string> types)
    {
        Process = process;
        Client = client;
        Types = types;
    }

    public ServerProcess Process { get; }

    public HttpClient Client { get; }

    /// <summary>The job types the server offers (from <c>/api/health</c>).</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>The bench's JobPipeline settings on <paramref name="azurite"/> (one API key, rate limit out of the way).</summary>
    public static Dictionary<string, string?> Settings(Azurite azurite, bool worker) => new()
    {
        ["JobPipeline:Storage:ConnectionString"] = azurite.ConnectionString,
        ["JobPipeline:ApiKeys:0:Tenant"] = "bench",
        ["JobPipeline:ApiKeys:0:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
        ["JobPipeline:RateLimit:RequestsPerSecond"] = "1000000",
        ["JobPipeline:RateLimit:Burst"] = "10000000",
        ["JobPipeline:Worker:Enabled"] = worker ? "true" : "false",
        ["JobPipeline:Vault:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["JobPipeline:Redaction:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["JobPipeline:ApiKeys:1:Tenant"] = "bench-b",
        ["JobPipeline:ApiKeys:1:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OtherTenantApiKey))),
    };

    public static async Task<BenchServer> StartAsync(Azurite azurite, bool worker, int connections, IDictionary<string, string>? more = null, string? directory = null)
    {
        var settings = Settings(azurite, worker).ToDictionary(s => s.Key, s => s.Value!);
        foreach ((string key, string value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        ServerProcess process = await ServerProcess.StartAsync(settings, "JobPipeline.Bench", directory: directory);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        JsonObject health = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/health", UriKind.Relative)))!.AsObject();
        string[] types = [.. health["job_types"]!.AsArray().Select(t => t!.GetValue<string>())];
        return new BenchServer(process, client, types);
    }

    /// <summary>Submits the JSON envelope; the job id, or null when the answer was not 202.</summary>
    public async Task<string?> SubmitAsync(byte[] envelope)
    {
        using var content = new ByteArrayContent(envelope);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return null;
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>();
    }

    /// <summary>The job's status, or null when the read failed.</summary>
    public async Task<JsonObject?> GetAsync(string jobId, int? waitSeconds = null)
    {
        using HttpResponseMessage response = await Client.GetAsync(new Uri($"/api/jobs/{jobId}{(waitSeconds is { } wait ? $"?wait={wait}" : "")}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
    }

    /// <summary>Polls until the job is terminal (at most <paramref name="timeout"/>); its last resource.</summary>
    public async Task<JsonObject> WaitAsync(string jobId, TimeSpan timeout, TimeSpan interval)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            JsonObject? job = await GetAsync(jobId);
            if (job?["status"]?.GetValue<string>() is "completed" or "failed" or "canceled" or "expired")
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} not terminal after {timeout}.");
            }

            await Task.Delay(interval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
