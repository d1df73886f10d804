using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using FunctionsApp;
using FunctionsApp.Http;
using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Bench;

/// <summary>
/// FunctionsApp on Durable Functions' production backend, in the bench process: FunctionsApp's DI
/// (<see cref="FunctionsAppServiceCollectionExtensions.AddFunctionsApp"/>), its orchestrator and activities on
/// <see cref="AzureStorageOrchestrationService"/> over the bench's Azurite behind the gRPC sidecar
/// (<see cref="DurableStorageHost"/>, shared with FunctionsApp.Tests), the backend configured from a <c>host.json</c>
/// through <see cref="DurableHostJson"/>. Requests go through FunctionsApp's HTTP trigger methods with a real
/// <see cref="HttpContext"/>, as the Functions host's ASP.NET Core integration calls them.
/// </summary>
public sealed class BenchFunctionsApp : IAsyncDisposable
{
    private const string TaskHub = "benchhub";
    private readonly DurableStorageHost _engine;
    private readonly CountingPolicy[] _calls;
    private readonly string _connectionString;

    private BenchFunctionsApp(DurableStorageHost engine, CountingPolicy[] calls, string connectionString)
    {
        _engine = engine;
        _calls = calls;
        _connectionString = connectionString;
    }

    /// <summary>Requests the Durable backend has sent to storage so far (polls included).</summary>
    public long EngineStorageCalls => _calls.Sum(c => Interlocked.Read(ref c.Count));

    /// <summary>The backend's requests so far by kind ("queue benchhub-workitems receive", "table benchhubHistory query", …).</summary>
    public IReadOnlyDictionary<string, long> EngineStorageCallsByKind =>
        _calls.SelectMany(c => c.ByKind).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    /// <summary>
    /// Starts FunctionsApp with the bench's settings (and <paramref name="settings"/> over them) and a backend configured
    /// by <paramref name="hostJson"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="noStartDeduplication"/> turns off the backend's check of a new orchestration's start message
    /// against its Instances row (<c>DisableExecutionStartedDeduplication</c>, a setting of DurableTask.AzureStorage
    /// that Durable Functions' host.json does not expose): for the bench's attribution of the start delay only.
    /// </remarks>
    public static async Task<BenchFunctionsApp> StartAsync(
        Azurite azurite, DurableHostJson hostJson, IDictionary<string, string?>? settings = null, bool noStartDeduplication = false)
    {
        Dictionary<string, string?> all = BenchServer.Settings(azurite, worker: false);
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        CountingPolicy[] calls = [new("blob"), new("queue"), new("table")];
        DurableStorageHost engine = await DurableStorageHost.StartAsync(
            azurite.ConnectionString,
            TaskHub,
            services =>
            {
                services.AddSingleton(configuration);
                services.AddFunctionsApp();
            },
            configure: settings =>
            {
                hostJson.ApplyTo(settings);
                settings.DisableExecutionStartedDeduplication = noStartDeduplication;
                settings.StorageAccountClientProvider = new StorageAccountClientProvider(
                    StorageServiceClientProvider.ForBlob(azurite.ConnectionString, WithPolicy(new BlobClientOptions(), calls[0])),
                    StorageServiceClientProvider.ForQueue(azurite.ConnectionString, WithPolicy(new QueueClientOptions(), calls[1])),
                    StorageServiceClientProvider.ForTable(azurite.ConnectionString, WithPolicy(new TableClientOptions(), calls[2])));
            });
        return new BenchFunctionsApp(engine, calls, azurite.ConnectionString);
    }

    /// <summary>
    /// How many events of each kind the task hub's history holds (<c>OrchestratorStarted</c> = orchestrator episodes,
    /// <c>TaskScheduled</c> = activity executions, <c>TaskFailed</c>, <c>TimerFired</c>, ...): the engine's own record of
    /// what the jobs cost it, whatever the machine's load.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> HistoryEventsAsync()
    {
        var table = new TableClient(_connectionString, $"{TaskHub}History");
        var counts = new Dictionary<string, int>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(select: ["EventType"]))
        {
            string kind = row.GetString("EventType") ?? "(none)";
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return counts;
    }

    /// <summary><c>POST /api/jobs</c> through <see cref="JobsFunctions.SubmitJob"/>; the job id, or null when the answer was not 202.</summary>
    public async Task<string?> SubmitAsync(byte[] envelope)
    {
        (int status, string body) = await SendAsync(JobsFunctions.SubmitJob, "POST", "/api/jobs", envelope);
        return status == StatusCodes.Status202Accepted ? JsonNode.Parse(body)!["job_id"]!.GetValue<string>() : null;
    }

    /// <summary><c>GET /api/jobs/{id}</c> through <see cref="JobsFunctions.GetJob"/>; the job, or null when the read failed.</summary>
    public async Task<JsonObject?> GetAsync(string jobId, int? waitSeconds = null)
    {
        (int status, string body) = await SendAsync(
            (request, durable) => JobsFunctions.GetJob(request, durable, jobId), "GET", $"/api/jobs/{jobId}", null, waitSeconds is { } wait ? $"?wait={wait}" : null);
        return status == StatusCodes.Status200OK ? JsonNode.Parse(body)!.AsObject() : null;
    }

    private async Task<(int Status, string Body)> SendAsync(
        Func<HttpRequest, DurableTaskClient, Task<IResult>> trigger, string method, string path, byte[]? body, string? query = null)
    {
        await using AsyncServiceScope scope = _engine.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        context.Request.Headers["x-api-key"] = BenchServer.ApiKey;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body);
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        IResult result = await trigger(context.Request, _engine.Client);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }

    private static T WithPolicy<T>(T options, HttpPipelinePolicy policy)
        where T : ClientOptions
    {
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return options;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    /// <summary>Counts the requests of a storage client, in all and by kind (resource and operation).</summary>
    private sealed class CountingPolicy(string service) : HttpPipelineSynchronousPolicy
    {
        public long Count;

        public ConcurrentDictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref Count);

        public override void OnReceivedResponse(HttpMessage message) =>
            ByKind.AddOrUpdate(Kind(message), 1, (_, n) => n + 1);

        private string Kind(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            string[] path = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            string resource = (path.Length > 1 ? path[1] : "").Split('(')[0];
            string method = message.Request.Method.ToString();
            string query = uri.Query;
            string what = service switch
            {
                "table" when resource == "$batch" => "batch",
                "table" when method == "GET" && path.Length > 1 && path[1].Contains("RowKey", StringComparison.Ordinal) => "point read",
                "table" when method == "GET" => "query",
                "table" when method == "POST" => "insert",
                "table" => method.ToLowerInvariant(),
                "queue" when method == "GET" && query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) => "peek",
                "queue" when method == "GET" => message.HasResponse && message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal) ? "receive" : "receive, empty",
                "queue" when method == "POST" => "send",
                "queue" when method == "DELETE" => "delete",
                "queue" when method == "PUT" && path.Length > 3 => "update",
                _ => $"{method.ToLowerInvariant()}{(query.Contains("comp=", StringComparison.Ordinal) ? " " + query.Split("comp=")[1].Split('&')[0] : "")}",
            };
            return $"{service} {resource} {what}";
        }
    }
}
