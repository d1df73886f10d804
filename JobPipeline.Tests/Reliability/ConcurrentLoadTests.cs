using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// Submitters and pollers at once for a bounded time: no 5xx, no accepted job lost, and no job ever seen to move
/// backwards (each job is polled by one poller only, so its observations are in order).
/// </summary>
public sealed class ConcurrentLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Submitters = 8;
    private const int Pollers = 8;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(5);
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(
        await Azurite.Shared,
        new Dictionary<string, string?>
        {
            ["JobPipeline:RateLimit:RequestsPerSecond"] = "100000",
            ["JobPipeline:RateLimit:Burst"] = "100000",
        }, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Concurrent_submitters_and_pollers_see_no_5xx_no_lost_job_and_no_status_going_backwards()
    {
        var expected = new ConcurrentDictionary<string, string>();
        var observed = new ConcurrentDictionary<string, List<string>>();
        var failures = new ConcurrentQueue<string>();
        ConcurrentQueue<string>[] byPoller = Enumerable.Range(0, Pollers).Select(_ => new ConcurrentQueue<string>()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _server.Client().GetAsync("/api/health")).StatusCode);
        using var stop = new CancellationTokenSource(LoadTime);

        Task[] submitters = [.. Enumerable.Range(0, Submitters).Select(s => Task.Run(async () =>
        {
            HttpClient client = _server.Client();
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                string text = $"s{s} n{n} {Guid.NewGuid():N}";
                bool sleep = n % 3 == 0;
                HttpResponseMessage response = sleep
                    ? await client.SubmitAsync("test.sleep", new { ms = 40 })
                    : await client.SubmitAsync("test.echo", new { text });
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    failures.Enqueue($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
                expected[id] = sleep ? "{\"slept\":true}" : text;
                byPoller[Math.Abs(id.GetHashCode(StringComparison.Ordinal)) % Pollers].Enqueue(id);
            }
        }))];
        Task[] pollers = [.. Enumerable.Range(0, Pollers).Select(p => Task.Run(async () =>
        {
            HttpClient client = _server.Client();
            var mine = new List<string>();
            var random = new Random(p);
            while (!stop.IsCancellationRequested)
            {
                while (byPoller[p].TryDequeue(out string? id))
                {
                    mine.Add(id);
                }

                if (mine.Count == 0)
                {
                    await Task.Delay(5);
                    continue;
                }

                string pick = mine[random.Next(mine.Count)];
                await ObserveAsync(client, pick, observed, failures);
            }
        }))];
        await Task.WhenAll([.. submitters, .. pollers]);

        HttpClient check = _server.Client();
        foreach ((string id, string result) in expected)
        {
            JsonObject job = await check.WaitAsync(id, seconds: 30);
            await ObserveAsync(check, id, observed, failures);
            Assert.Equal("completed", job["status"]!.GetValue<string>());
            Assert.Equal(result, job["result"] is JsonValue v ? v.GetValue<string>() : job["result"]!.ToJsonString());
        }

        Assert.True(expected.Count >= 2 * Submitters, $"only {expected.Count} jobs were accepted");
        Assert.Empty(failures);
        foreach ((string id, List<string> statuses) in observed)
        {
            int[] ranks = [.. statuses.Select(Rank)];
            for (int i = 1; i < ranks.Length; i++)
            {
                Assert.True(ranks[i] >= ranks[i - 1], $"job {id} went {string.Join(" → ", statuses)}");
            }
        }
    }

    private static async Task ObserveAsync(HttpClient client, string id, ConcurrentDictionary<string, List<string>> observed, ConcurrentQueue<string> failures)
    {
        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Enqueue($"GET {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return;
        }

        string status = (await response.ReadJsonAsync())["status"]!.GetValue<string>();
        observed.GetOrAdd(id, _ => []).Add(status);
    }

    private static int Rank(string status) => status switch
    {
        "queued" => 0,
        "processing" => 1,
        "completed" or "failed" or "canceled" => 2,
        _ => 3,
    };
}
