using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Tests.Jobs;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JobPipeline.Tests.Http;

public sealed class HealthAndReadinessTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/health" },
        { "GET", "/api/jobs" },
        { "POST", "/api/jobs" },
        { "POST", "/api/jobs/status" },
        { "POST", "/api/jobs/test.echo" },
        { "GET", "/api/jobs/00000000000000000000000000" },
        { "GET", "/api/jobs/00000000000000000000000000/result" },
        { "POST", "/api/jobs/00000000000000000000000000/cancel" },
        { "DELETE", "/api/jobs/00000000000000000000000000" },
        { "GET", "/api/operations/00000000000000000000000000" },
        { "GET", "/api/openapi.json" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Until_storage_is_initialised_every_route_answers_503_with_Retry_After_and_then_serves(string method, string path)
    {
        // Creating the tables fails until the test lets it: the server starts with storage reachable but not initialised.
        var storage = new RequestCounter { Fault = m => m.Request.Method == Azure.Core.RequestMethod.Post && m.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal) };
        Azurite azurite = await Azurite.Shared;
        await using var server = new PipelineFactory(azurite, services: services => services.AddSingleton(Tables(azurite, storage)), waitForStorage: false);
        HttpClient client = server.Client();

        HttpResponseMessage starting = await client.SendAsync(Request(method, path));

        string text = await starting.Content.ReadAsStringAsync();
        Assert.True(starting.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)starting.StatusCode} {text}");
        Assert.NotNull(starting.Headers.RetryAfter?.Delta);
        Assert.Equal("nosniff", starting.Headers.GetValues("X-Content-Type-Options").Single());
        JsonObject error = JsonNode.Parse(text)!["error"]!.AsObject();
        Assert.Equal("STORAGE_UNAVAILABLE", error["code"]!.GetValue<string>());
        Assert.Equal("starting", error["details"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(storage.Requests, r => r.Path.Contains('(', StringComparison.Ordinal));

        storage.Fault = null;
        await WaitUntilHealthyAsync(client);
        HttpResponseMessage list = await client.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Health_probes_storage_at_most_once_per_second_however_many_ask()
    {
        var storage = new RequestCounter();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Azurite azurite = await Azurite.Shared;
        await using var server = new PipelineFactory(
            azurite,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" },
            services => services.AddSingleton(Tables(azurite, storage)).AddSingleton<TimeProvider>(time));
        HttpClient client = server.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        int Probes() => storage.Requests.Count(r => r.Path.Contains("PartitionKey='health'", StringComparison.Ordinal));
        Assert.Equal(1, Probes());

        HttpResponseMessage[] concurrent = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/api/health")));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        }

        int withinTheSecond = Probes();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, withinTheSecond);
        Assert.Equal(2, Probes());
    }

    [Fact]
    public async Task Concurrent_health_checks_share_the_one_probe_in_flight()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var storage = new SlowProbe(release.Task);
        Azurite azurite = await Azurite.Shared;
        await using var server = new PipelineFactory(
            azurite,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" },
            services => services.AddSingleton(Tables(azurite, storage)));
        HttpClient client = server.Client(key: null);
        storage.Hold = true;

        Task<HttpResponseMessage>[] waiting = [.. Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/health"))];
        await storage.FirstProbeStarted;
        release.SetResult();
        HttpResponseMessage[] answers = await Task.WhenAll(waiting);

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, storage.Probes);
    }

    private static TableServiceClient Tables(Azurite azurite, Azure.Core.Pipeline.HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        return new TableServiceClient(azurite.ConnectionString, options);
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path)
        {
            Content = method == "POST"
                ? new StringContent(path.EndsWith("test.echo", StringComparison.Ordinal) ? "doc" : """{"type": "test.echo", "input": {}}""", System.Text.Encoding.UTF8, path.EndsWith("test.echo", StringComparison.Ordinal) ? "text/plain" : "application/json")
                : null,
        };

    private static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/api/health")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The server never became healthy after storage could be initialised.");
            await Task.Delay(100);
        }
    }

    /// <summary>Holds the health probe's storage call until released, counting the probes.</summary>
    private sealed class SlowProbe(Task release) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _probes;

        public bool Hold { get; set; }

        public int Probes => _probes;

        public Task FirstProbeStarted => _started.Task;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (Hold && Uri.UnescapeDataString(message.Request.Uri.Path).Contains("PartitionKey='health'", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _probes);
                _started.TrySetResult();
                await release;
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
