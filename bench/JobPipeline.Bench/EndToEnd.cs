using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>Submit → completed visible: latency at low load, and throughput at a paced and at an unpaced submit rate.</summary>
public static class EndToEnd
{
    /// <summary>One job at a time, polled every 2 ms: the latency a lone client sees.</summary>
    public static async Task LowLoadAsync(BenchServer server, byte[] envelope, BenchOptions options, BenchReport report, string type)
    {
        int count = options.Quick ? 40 : 200;
        for (int i = 0; i < 10; i++)
        {
            await OneAsync(server, envelope);
        }

        var latencies = new List<double>();
        var serverSide = new List<double>();
        for (int i = 0; i < count; i++)
        {
            (double ms, JsonObject job) = await OneAsync(server, envelope);
            latencies.Add(ms);
            serverSide.Add(ServerMilliseconds(job));
        }

        latencies.Sort();
        serverSide.Sort();
        double p50 = latencies[latencies.Count / 2];
        report.Add(new(
            $"end to end, one job at a time ({type}, 1 KB), {count} jobs",
            $"p50 {F(p50, "0.0")} ms, p99 {F(latencies[(int)(latencies.Count * 0.99)], "0.0")} ms (server created→completed p50 {F(serverSide[serverSide.Count / 2], "0.0")} ms)",
            "", "", "p50 ≤ 100 ms", p50 <= 100));
    }

    /// <summary>
    /// Submits for a while (paced at <paramref name="rate"/> per second, or as fast as 8 loops go when null), then waits
    /// for every job. Throughput and latency come from the server's own timestamps, so polling does not distort them:
    /// nothing polls while the load runs.
    /// </summary>
    public static async Task SustainedAsync(BenchServer server, byte[] envelope, BenchOptions options, BenchReport report, string type, double? rate, int? azuritePid)
    {
        var cpu = CpuMeter.Start(("server", server.Process.ProcessId), ("azurite", azuritePid));
        TimeSpan window = options.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(15);
        var ids = new ConcurrentBag<string>();
        long submitErrors = 0;
        var clock = Stopwatch.StartNew();
        if (rate is { } perSecond)
        {
            var inFlight = new List<Task>();
            using var limit = new SemaphoreSlim(64);
            for (int i = 0; clock.Elapsed < window; i++)
            {
                var due = TimeSpan.FromSeconds(i / perSecond);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                await limit.WaitAsync();
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SubmitOneAsync(server, envelope, ids, () => Interlocked.Increment(ref submitErrors));
                    }
                    finally
                    {
                        limit.Release();
                    }
                }));
            }

            await Task.WhenAll(inFlight);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < window)
                {
                    await SubmitOneAsync(server, envelope, ids, () => Interlocked.Increment(ref submitErrors));
                }
            })));
        }

        double submitSeconds = clock.Elapsed.TotalSeconds;
        List<JsonObject> jobs = await WaitAllAsync(server, [.. ids], TimeSpan.FromMinutes(3));
        string busy = cpu.Stop();
        int failed = jobs.Count(j => j["status"]?.GetValue<string>() != "completed");
        DateTimeOffset first = jobs.Min(j => DateTimeOffset.Parse(j["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        DateTimeOffset last = jobs.Max(j => DateTimeOffset.Parse(j["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        double throughput = jobs.Count / (last - first).TotalSeconds;
        double[] latencies = [.. jobs.Select(ServerMilliseconds).Order()];
        long errors = submitErrors + failed + (ids.Count - jobs.Count);
        string offered = rate is { } r ? $"offered {F(r)}/s" : "unpaced, 8 submit loops";
        report.Add(new(
            $"end to end sustained ({type}, 1 KB), {offered}, {F(window.TotalSeconds)} s",
            $"{F(throughput)} jobs/s completed ({jobs.Count} jobs; submitted {F(ids.Count / submitSeconds)}/s), created→completed p50 {F(latencies[latencies.Length / 2])} ms, p99 {F(latencies[(int)(latencies.Length * 0.99)])} ms, {errors} errors; CPU: {busy}",
            "", "", "≥ 100 jobs/s, 0 errors",
            throughput >= 100 && errors == 0));
    }

    private static async Task SubmitOneAsync(BenchServer server, byte[] envelope, ConcurrentBag<string> ids, Action error)
    {
        try
        {
            if (await server.SubmitAsync(envelope) is { } id)
            {
                ids.Add(id);
            }
            else
            {
                error();
            }
        }
        catch (HttpRequestException)
        {
            error();
        }
    }

    private static async Task<(double Milliseconds, JsonObject Job)> OneAsync(BenchServer server, byte[] envelope)
    {
        long start = Stopwatch.GetTimestamp();
        string id = await server.SubmitAsync(envelope) ?? throw new InvalidOperationException("Submit failed.");
        JsonObject job = await server.WaitAsync(id, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(2));
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (job["status"]!.GetValue<string>() != "completed")
        {
            throw new InvalidOperationException($"Job {id} ended {job.ToJsonString()}");
        }

        return (ms, job);
    }

    private static double ServerMilliseconds(JsonObject job) =>
        (DateTimeOffset.Parse(job["completed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
         - DateTimeOffset.Parse(job["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).TotalMilliseconds;

    private static async Task<List<JsonObject>> WaitAllAsync(BenchServer server, List<string> ids, TimeSpan timeout)
    {
        var done = new Dictionary<string, JsonObject>();
        DateTime deadline = DateTime.UtcNow + timeout;
        var pending = new Queue<string>(ids);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            List<string> batch = [];
            while (batch.Count < 100 && pending.Count > 0)
            {
                batch.Add(pending.Dequeue());
            }

            using HttpResponseMessage response = await server.Client.PostAsJsonAsync(new Uri("/api/jobs/status", UriKind.Relative), new { job_ids = batch });
            JsonArray data = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["data"]?.AsArray() ?? [];
            bool progress = false;
            foreach (JsonObject job in data.OfType<JsonObject>())
            {
                string id = job["job_id"]!.GetValue<string>();
                if (job["status"]?.GetValue<string>() is "completed" or "failed" or "canceled")
                {
                    done[id] = job;
                    progress = true;
                }
                else
                {
                    pending.Enqueue(id);
                }
            }

            if (!progress)
            {
                await Task.Delay(200);
            }
        }

        return [.. done.Values];
    }
}
