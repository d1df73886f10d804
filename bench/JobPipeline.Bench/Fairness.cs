using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// Tenant fairness: tenant <c>bench</c> fills the queue with 18 jobs that hold a worker for 15 s each, then tenant
/// <c>bench-b</c> submits one tiny job; how long does it wait? Once with no per-tenant cap (as before
/// <c>MaxRunningJobsPerTenant</c>), once with the default cap.
/// </summary>
public static class Fairness
{
    private const int HeavyJobs = 18;
    private const int HeavyMilliseconds = 15_000;

    public static async Task MeasureAsync(Azurite azurite, BenchOptions options, BenchReport report, Func<Task> fresh)
    {
        foreach ((string label, string? cap, bool behind) in new[]
        {
            ("no per-tenant cap", "1024", false),
            ("default cap (4 of 8 workers)", (string?)null, false),
            ("no per-tenant cap, B's message right behind A's", "1024", true),
            ("default cap, B's message right behind A's", (string?)null, true),
        })
        {
            await fresh();
            Dictionary<string, string> settings = cap is null ? [] : new() { ["JobPipeline:MaxRunningJobsPerTenant"] = cap };
            await using BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections, settings);
            byte[] heavy = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "bench.sleep", ["input"] = new JsonObject { ["ms"] = HeavyMilliseconds } }.ToJsonString());
            var held = new List<string>();
            for (int i = 0; i < HeavyJobs; i++)
            {
                held.Add(await server.SubmitAsync(heavy) ?? throw new InvalidOperationException("Submit failed."));
            }

            // Either B's message comes right behind A's 18 in the queue, or the worker first takes what it will of A's.
            if (!behind)
            {
                await WaitForProcessingAsync(server, held, TimeSpan.FromSeconds(30));
            }

            using var other = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            other.DefaultRequestHeaders.Add("x-api-key", BenchServer.OtherTenantApiKey);
            using var content = new StringContent("""{"type":"bench.echo","input":{"text":"abc"}}""", Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var stopwatch = Stopwatch.StartNew();
            using HttpResponseMessage submitted = await other.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
            string id = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>();
            JsonObject done = await WaitAsync(other, id, TimeSpan.FromSeconds(120));
            double total = stopwatch.Elapsed.TotalSeconds;
            double queued = (DateTimeOffset.Parse(done["started_at"]!.GetValue<string>()) - DateTimeOffset.Parse(done["created_at"]!.GetValue<string>())).TotalSeconds;
            int running = await CountProcessingAsync(server, held);
            report.Add(new(
                $"fairness: tenant B's tiny job behind {HeavyJobs} × {HeavyMilliseconds / 1000} s jobs of tenant A, 8 workers, {label}",
                $"B queued {F(queued, "0.00")} s, submit→completed {F(total, "0.00")} s (A running at the end: {running})",
                "",
                "",
                "≤ 2 s",
                cap is null ? queued <= 2 : null));
        }
    }

    private static async Task WaitForProcessingAsync(BenchServer server, List<string> ids, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        int last = -1;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            int now = await CountProcessingAsync(server, ids);
            if (now > 0 && now == last)
            {
                return;
            }

            last = now;
        }
    }

    private static async Task<int> CountProcessingAsync(BenchServer server, List<string> ids)
    {
        int count = 0;
        foreach (string id in ids)
        {
            if ((await server.GetAsync(id))?["status"]?.GetValue<string>() == "processing")
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<JsonObject> WaitAsync(HttpClient client, string id, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            JsonObject job = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative)))!.AsObject();
            if (job["status"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} not terminal after {timeout}.");
            }

            await Task.Delay(20);
        }
    }
}
