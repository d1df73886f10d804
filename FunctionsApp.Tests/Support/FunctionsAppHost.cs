using System.Text;
using FunctionsApp.Engine;
using FunctionsApp.Http;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// FunctionsApp as the Functions worker runs it, without the Functions host: JobPipeline's DI container (the settings
/// of <see cref="PipelineFactory"/>: the tests' Azurite with names of its own, two tenants, the test job types and
/// <see cref="GateProcessor"/>), FunctionsApp's <see cref="DurableJobEngine"/>, and a Durable Task engine whose worker
/// runs FunctionsApp's orchestrator and activities. HTTP triggers are called as the ASP.NET Core integration calls
/// them: with the request of a real <see cref="HttpContext"/> and the engine's client as <c>[DurableClient]</c>; the
/// <see cref="IResult"/> they return is executed on that context.
/// </summary>
public sealed class FunctionsAppHost : IAsyncDisposable
{
    private readonly IDurableTestEngine _engine;
    private readonly string _connectionString;

    private FunctionsAppHost(IDurableTestEngine engine, IReadOnlyDictionary<string, string?> settings, GateProcessor gate, string connectionString)
    {
        _engine = engine;
        _connectionString = connectionString;
        Settings = settings;
        Gate = gate;
    }

    /// <summary>The engine's client, the one every trigger binds as <c>[DurableClient]</c>.</summary>
    public DurableTaskClient Durable => _engine.Client;

    /// <summary>The worker's services (JobPipeline's DI container).</summary>
    public IServiceProvider Services => _engine.Services;

    /// <summary>The settings the app started with.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The <c>test.gate</c> job type of this app.</summary>
    public GateProcessor Gate { get; }

    /// <summary>The fault switch over <see cref="DurableJobEngine"/>.</summary>
    public StartSwitchEngine Engine => Services.GetRequiredService<StartSwitchEngine>();

    /// <summary>
    /// Starts the app on a new engine of <paramref name="kind"/>, with <paramref name="settings"/> over the defaults and
    /// <paramref name="overrides"/> over FunctionsApp's own registrations (fault injection).
    /// </summary>
    public static async Task<FunctionsAppHost> StartAsync(DurableEngineKind kind, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        Azurite azurite = await Azurite.Shared;
        Dictionary<string, string?> all;
        await using (var defaults = new PipelineFactory(azurite, settings))
        {
            all = new Dictionary<string, string?>(defaults.Settings);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var gate = new GateProcessor();

        void Services(IServiceCollection services)
        {
            // FunctionsApp's own registration (Program.cs), plus the test job types and the fault switch over the engine.
            services.AddSingleton(configuration);
            services.AddFunctionsApp();
            services.AddSingleton<DurableJobEngine>();
            services.AddSingleton(sp => new StartSwitchEngine(sp.GetRequiredService<DurableJobEngine>()));
            services.AddSingleton<IJobEngine>(sp => sp.GetRequiredService<StartSwitchEngine>());
            foreach (IJobProcessor processor in TestProcessors.All.Append(gate))
            {
                services.AddSingleton(processor);
            }

            overrides?.Invoke(services);
        }

        IDurableTestEngine engine = kind switch
        {
            DurableEngineKind.InMemory => await InMemoryEngine.StartAsync(Services),
            DurableEngineKind.AzureStorage => await DurableStorageHost.StartAsync(azurite.ConnectionString, Azurite.UniqueName("hub"), Services),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new FunctionsAppHost(engine, all, gate, azurite.ConnectionString);
    }

    /// <summary>
    /// The kinds of the events in an orchestration's history (<c>TaskScheduled</c>, <c>TimerCreated</c>,
    /// <c>EventRaised</c>, …), as the Azure Storage engine's history table holds them; the in-memory engine (and the
    /// sidecar's history call) give none.
    /// </summary>
    public async Task<IReadOnlyList<string>> HistoryEventTypesAsync(string instanceId)
    {
        if (_engine is not DurableStorageHost storage)
        {
            throw new NotSupportedException("Only the Azure Storage engine's history is read.");
        }

        var table = new Azure.Data.Tables.TableClient(_connectionString, $"{storage.Settings.TaskHubName}History");
        var kinds = new List<string>();
        await foreach (Azure.Data.Tables.TableEntity row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == instanceId, select: ["EventType"]))
        {
            if (row.GetString("EventType") is { } kind)
            {
                kinds.Add(kind);
            }
        }

        return kinds;
    }

    /// <summary>
    /// Calls an HTTP trigger of <see cref="JobsFunctions"/> with a request for <paramref name="method"/>
    /// <paramref name="pathAndQuery"/> (under <c>/api</c>), executes the result and returns what it wrote.
    /// </summary>
    public async Task<TriggerResponse> SendAsync(
        Func<HttpRequest, DurableTaskClient, Task<IResult>> trigger,
        string method,
        string pathAndQuery,
        string? body = null,
        string contentType = "application/json",
        string? apiKey = PipelineFactory.KeyA)
    {
        await using AsyncServiceScope scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        HttpRequest request = context.Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("localhost", 7071);
        int query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (apiKey is not null)
        {
            request.Headers["x-api-key"] = apiKey;
        }

        if (body is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            request.ContentType = contentType;
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
        }

        var response = new MemoryStream();
        context.Response.Body = response;

        IResult result = await trigger(request, Durable);
        await result.ExecuteAsync(context);

        return new TriggerResponse(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(response.ToArray()));
    }

    /// <summary><c>POST /api/jobs</c> through <see cref="JobsFunctions.SubmitJob"/>; the job id of the 202.</summary>
    public async Task<string> SubmitAsync(string json)
    {
        TriggerResponse response = await SendAsync(JobsFunctions.SubmitJob, "POST", "/api/jobs", json);
        Assert.True(response.StatusCode == StatusCodes.Status202Accepted, response.Body);
        return response.Json["job_id"]!.GetValue<string>();
    }

    /// <summary><c>GET /api/jobs/{id}</c> through <see cref="JobsFunctions.GetJob"/>.</summary>
    public Task<TriggerResponse> GetAsync(string id) =>
        SendAsync((request, durable) => JobsFunctions.GetJob(request, durable, id), "GET", $"/api/jobs/{id}");

    /// <summary>Reads the job until <paramref name="done"/> holds for its status (bounded, generous for a loaded machine).</summary>
    public async Task<TriggerResponse> WaitForStatusAsync(string id, Func<string, bool> done, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            TriggerResponse job = await GetAsync(id);
            string status = job.StatusCode == StatusCodes.Status200OK ? job.Json["status"]!.GetValue<string>() : $"HTTP {job.StatusCode}";
            if (done(status))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} still {status} after {seconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Reads the job until it is terminal.</summary>
    public Task<TriggerResponse> WaitAsync(string id, double seconds = 60) =>
        WaitForStatusAsync(id, status => status is "completed" or "failed" or "canceled" or "expired", seconds);

    /// <summary>Polls <paramref name="condition"/> until it holds (bounded, generous for a loaded machine).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {seconds} s: {what}");
            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Gate.Open();
        await _engine.DisposeAsync();
    }
}
