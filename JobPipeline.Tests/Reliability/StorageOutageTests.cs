using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// Storage goes away for a few seconds under load, hung (SIGSTOP: connections open, no answer) or down (stopped and
/// restarted with its data on disk). Every request answers in bounded time with the job it asked for or
/// <c>503 STORAGE_UNAVAILABLE</c> and <c>Retry-After</c> — never a 500, never internals — and once storage is back the
/// same server recovers by itself and every accepted job completes.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    /// <summary>Storage:NetworkTimeout × (MaxRetries + 1) per storage call.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long storage stays hung: a submit makes up to three storage calls in a row (the tenant's counter row, the
    /// row-and-counts transaction, the queue message), each bounded by 2 tries × 2 s, so requests answer 503 after up
    /// to about 12 s; storage stays hung longer than that, so that they answer while it is still hung.
    /// </summary>
    private static readonly TimeSpan HungFor = TimeSpan.FromSeconds(16);

    [Fact]
    public async Task A_hung_storage_gets_503_with_retry_after_in_bounded_time_and_everything_recovers_without_a_restart()
    {
        await using Azurite azurite = await Azurite.StartAsync();

        await RunOutageAsync(azurite, outage: async () =>
        {
            azurite.Pause();
            await Task.Delay(HungFor);
            azurite.Resume();
        });
    }

    [Fact]
    public async Task A_stopped_and_restarted_storage_gets_503_with_retry_after_and_no_accepted_job_is_lost()
    {
        await using Azurite azurite = await Azurite.StartPersistentAsync();

        await RunOutageAsync(azurite, outage: async () =>
        {
            azurite.StopGracefully();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await azurite.RestartAsync();
        });
    }

    private async Task RunOutageAsync(Azurite azurite, Func<Task> outage)
    {
        await using var server = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["JobPipeline:Storage:NetworkTimeout"] = "00:00:02",
            ["JobPipeline:Storage:MaxRetries"] = "1",
            ["JobPipeline:Worker:VisibilityTimeout"] = "00:00:05",
            // Step retries far shorter than the outage (2 attempts, 1 s apart): a try that could not reach storage
            // uses none of them, so the jobs in flight wait the outage out and complete afterwards, however long a
            // restarted Azurite on a loaded machine takes to answer again (up to JobTimeout).
            ["JobPipeline:FirstRetryInterval"] = "00:00:01",
            ["JobPipeline:MaxAttempts"] = "2",
            ["JobPipeline:RateLimit:RequestsPerSecond"] = "100000",
            ["JobPipeline:RateLimit:Burst"] = "100000",
        }, output: output);
        var accepted = new ConcurrentDictionary<string, string>();
        var answers = new ConcurrentQueue<(int Status, TimeSpan Took, string? RetryAfter, string Body, bool DuringOutage)>();
        bool inOutage = false;
        using var stop = new CancellationTokenSource();
        HttpClient warm = server.Client();
        await warm.WaitAsync(await warm.SubmitIdAsync("test.echo", new { text = "warm" }));
        Task[] load = [.. Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            HttpClient client = server.Client();
            client.Timeout = TimeSpan.FromSeconds(60);
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                string text = $"c{c} n{n} {Guid.NewGuid():N}";
                var clock = Stopwatch.StartNew();
                HttpResponseMessage response = n % 2 == 0 || accepted.IsEmpty
                    ? await client.SubmitAsync("test.echo", new { text })
                    : await client.GetAsync($"/api/jobs/{accepted.Keys.ElementAt(n % accepted.Count)}");
                string body = await response.Content.ReadAsStringAsync();
                answers.Enqueue(((int)response.StatusCode, clock.Elapsed, response.Headers.RetryAfter?.ToString(), body, Volatile.Read(ref inOutage)));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted[JsonNode.Parse(body)!["job_id"]!.GetValue<string>()] = text;
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await Task.Delay(200);
                }
            }
        }))];

        await Task.Delay(TimeSpan.FromSeconds(1));
        Volatile.Write(ref inOutage, true);
        await outage();
        Volatile.Write(ref inOutage, false);
        HttpClient probe = server.Client();
        var recovery = Stopwatch.StartNew();
        HttpStatusCode healthStatus;
        while ((healthStatus = (await probe.GetAsync("/api/health")).StatusCode) != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);
        output.WriteLine($"recovered {recovery.ElapsedMilliseconds} ms after storage came back; answers: " +
            string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Key}×{g.Count()} (max {g.Max(a => a.Took.TotalMilliseconds):0} ms)")));

        Assert.True(healthStatus == HttpStatusCode.OK, $"the server was not healthy again within 2 minutes of storage coming back: {healthStatus}");
        // Bounded time, without a stopwatch: requests answered 503 while storage was still out, so none waited for it
        // to come back (a request without a storage timeout would hang until then and succeed).
        Assert.Contains(answers, a => a.Status == 503 && a.DuringOutage);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 202, 503 }));
        foreach ((int _, TimeSpan _, string? retryAfter, string? body, bool _) in answers.Where(a => a.Status == 503))
        {
            Assert.NotNull(retryAfter);
            Assert.Equal("STORAGE_UNAVAILABLE", JsonNode.Parse(body)!["error"]!["code"]!.GetValue<string>());
            Assert.DoesNotContain("Exception", body);
            Assert.DoesNotContain("127.0.0.1", body);
        }

        HttpClient after = server.Client();
        Assert.Equal("completed", (await after.WaitAsync(await after.SubmitIdAsync("test.echo", new { text = "after" }), seconds: 60))["status"]!.GetValue<string>());
        foreach ((string id, string text) in accepted)
        {
            JsonObject job = await after.WaitAsync(id, seconds: 150);
            Assert.Equal("completed", job["status"]!.GetValue<string>());
            Assert.Equal(text, job["result"]!.GetValue<string>());
        }
    }
}
