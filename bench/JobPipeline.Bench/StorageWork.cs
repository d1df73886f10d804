using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// What storage a job costs and how close the pipeline comes to what storage allows: the server's storage calls per
/// job by kind (<see cref="StorageCallCounter"/>), and sustained throughput as a ratio of the raw end-to-end baseline
/// (<see cref="RawStorage.EndToEndAsync"/>), both for this build and, with <c>--before</c>, for an earlier build's
/// server, interleaved in the same run.
/// </summary>
public static class StorageWork
{
    /// <summary>The builds to compare: this one, and the earlier one when <c>--before</c> names it.</summary>
    public static IEnumerable<(string Label, string? Directory)> Builds(BenchOptions options) =>
        options.BeforeDirectory is { } before ? [("after", null), ("before", before)] : [("this build", null)];

    /// <summary>Storage calls per job for a small json.format job and a small redact document, per build; what this build's json.format job costs.</summary>
    public static async Task<ServerJobCost?> CallsAsync(Azurite azurite, BenchOptions options, BenchReport report)
    {
        ServerJobCost? cost = null;
        foreach ((string label, string? directory) in Builds(options))
        {
            await BenchProgram.FreshAsync(azurite);
            await using BenchServer server = await BenchServer.StartAsync(
                azurite, worker: true, options.Connections, new Dictionary<string, string> { ["Bench:CountStorageCalls"] = "true" }, directory);
            foreach ((string what, Func<Task<string?>> submit) in new (string, Func<Task<string?>>)[]
            {
                ("json.format, 1 KB JSON input", () => server.SubmitAsync(BenchProgram.Envelope("json.format"))),
                ("redact, 3 KB text/plain document", () => SubmitDocumentAsync(server, "redact", RedactDocument())),
            })
            {
                int count = options.Quick ? 20 : 100;

                // One warm-up job (its first calls create nothing, but the worker's first receive may be long-polled).
                string warm = await submit() ?? throw new InvalidOperationException("Submit failed.");
                await server.WaitAsync(warm, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));
                using (await server.Client.DeleteAsync(new Uri("/bench/storage-calls", UriKind.Relative)))
                {
                }

                // Closed loops of one job each (submit, long-poll until terminal, next): at most 4 jobs of the tenant in
                // flight, its cap (MaxRunningJobsPerTenant), so what is counted is a job's own work, not deferrals.
                var ids = new ConcurrentBag<string>();
                int next = 0;
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (Interlocked.Increment(ref next) <= count)
                    {
                        string id = await submit() ?? throw new InvalidOperationException("Submit failed.");
                        ids.Add(id);
                        using HttpResponseMessage waited = await server.Client.GetAsync(new Uri($"/api/jobs/{id}?wait=30", UriKind.Relative));
                    }
                })));
                List<JsonObject> jobs = await BatchStatus.ReadAsync(server.Client, [.. ids], terminal: true, TimeSpan.FromMinutes(3));
                var calls = JsonNode.Parse(await server.Client.GetStringAsync(new Uri("/bench/storage-calls", UriKind.Relative)))!.AsObject()
                    .ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
                int completed = jobs.Count(j => j["status"]?.GetValue<string>() == "completed");
                report.Add(new($"storage calls per job, {label}: {what} ({completed} of {count} completed)", Describe(calls, count), "", "", "fewer", null));
                if (directory is null && cost is null)
                {
                    cost = ServerJobCost.From(calls, count);
                }
            }
        }

        return cost;
    }

    /// <summary>"table 0.0 reads + 5.0 writes, queue …; by kind: …" — what the job's own work costs, the client's status reads and empty receives apart.</summary>
    internal static string Describe(Dictionary<string, long> calls, int jobs)
    {
        static bool Own(string kind) => !kind.Contains("status columns", StringComparison.Ordinal) && !kind.Contains("receive, empty", StringComparison.Ordinal);
        string Per(long n) => F(n / (double)jobs, "0.00");
        var services = new List<string>();
        foreach (string service in new[] { "table", "queue", "blob" })
        {
            long reads = calls.Where(c => Own(c.Key) && c.Key.StartsWith(service + " read", StringComparison.Ordinal)).Sum(c => c.Value);
            long writes = calls.Where(c => Own(c.Key) && c.Key.StartsWith(service + " write", StringComparison.Ordinal)).Sum(c => c.Value);
            services.Add($"{service} {Per(reads)} reads + {Per(writes)} writes");
        }

        long total = calls.Where(c => Own(c.Key)).Sum(c => c.Value);
        string kinds = string.Join(", ", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {Per(c.Value)}"));
        return $"**{Per(total)} calls/job**: {string.Join("; ", services)} — by kind: {kinds} (status reads of the bench's polling and empty receives not in the totals)";
    }

    /// <summary>
    /// Sustained throughput, flat out (8 submit loops), against the raw end-to-end baseline at the same concurrency
    /// (8 producer loops, 8 consumers): completions per second inside the same measured window, each part on a fresh
    /// Azurite, raw and each build alternated twice.
    /// </summary>
    public static async Task RatioAsync(Azurite azurite, BenchOptions options, BenchReport report)
    {
        var raw = new List<double>();
        var builds = Builds(options).ToList();
        var rates = builds.ToDictionary(b => b.Label, _ => new List<double>());
        TimeSpan warmup = options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(4);
        TimeSpan window = options.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(12);
        for (int round = 0; round < 2; round++)
        {
            await BenchProgram.FreshAsync(azurite);
            var cpu = CpuMeter.Start(("azurite", azurite.ProcessId));
            List<DateTimeOffset> done = await new RawStorage(azurite.ConnectionString).EndToEndAsync(8, 8, warmup, window);
            DateTimeOffset end = done.Count > 0 ? done.Max() : DateTimeOffset.UtcNow;
            double rate = CountIn(done, end - window, end) / window.TotalSeconds;
            raw.Add(rate);
            report.Add(new($"raw end to end (row insert + send; receive, row replace, delete), 8 producers, 8 consumers, round {round + 1}", $"{F(rate)} jobs/s; CPU: {cpu.Stop()}", "", "", "baseline", null));

            foreach ((string label, string? directory) in builds)
            {
                await BenchProgram.FreshAsync(azurite);
                await using BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections, directory: directory);
                byte[] envelope = BenchProgram.Envelope(BenchProgram.Pick(server, options.Type));
                cpu = CpuMeter.Start(("server", server.Process.ProcessId), ("azurite", azurite.ProcessId));
                (double completed, double submitted, int errors) = await FlatOutAsync(server, envelope, warmup, window);
                rates[label].Add(completed);
                report.Add(new(
                    $"sustained end to end, {label} ({options.Type}, 1 KB), unpaced, 8 submit loops (2 tenants), round {round + 1}",
                    $"{F(completed)} jobs/s completed inside the window (submitted {F(submitted)}/s, {errors} submit errors); CPU: {cpu.Stop()}",
                    $"{F(rate)}/s", $"{F(completed / rate, "0.00")}×", "≥ 0.8× raw end to end", completed / rate >= 0.8 && errors == 0));
            }
        }

        foreach ((string label, _) in builds)
        {
            double ratio = rates[label].Sum() / raw.Sum();
            report.Add(new($"sustained / raw end to end, {label}, both rounds", $"{F(rates[label].Average())} jobs/s against {F(raw.Average())} jobs/s", $"{F(raw.Average())}/s", $"{F(ratio, "0.00")}×", "≥ 0.8×", ratio >= 0.8));
        }
    }

    /// <summary>Submits from 8 loops for warm-up + window; completions per second inside the window, submits per second, errors.</summary>
    private static async Task<(double Completed, double Submitted, int Errors)> FlatOutAsync(BenchServer server, byte[] envelope, TimeSpan warmup, TimeSpan window)
    {
        var ids = new ConcurrentBag<(int Tenant, string Id)>();
        int errors = 0;
        DateTimeOffset from = DateTimeOffset.UtcNow + warmup;
        DateTimeOffset to = from + window;
        using var other = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        other.DefaultRequestHeaders.Add("x-api-key", BenchServer.OtherTenantApiKey);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(loop => Task.Run(async () =>
        {
            // Two tenants, 4 loops each: one tenant alone would be held to its cap of 4 of the 8 workers.
            HttpClient client = loop % 2 == 0 ? server.Client : other;
            while (DateTimeOffset.UtcNow < to)
            {
                try
                {
                    using var content = new ByteArrayContent(envelope);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using HttpResponseMessage response = await client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
                    if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                    {
                        ids.Add((loop % 2, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>()));
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        List<JsonObject> jobs = await BatchStatus.ReadAsync(server.Client, [.. ids.Where(i => i.Tenant == 0).Select(i => i.Id)], terminal: false, TimeSpan.FromMinutes(1));
        jobs.AddRange(await BatchStatus.ReadAsync(other, [.. ids.Where(i => i.Tenant == 1).Select(i => i.Id)], terminal: false, TimeSpan.FromMinutes(1)));
        var completedAt = jobs
            .Where(j => j["status"]?.GetValue<string>() == "completed")
            .Select(j => DateTimeOffset.Parse(j["completed_at"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .ToList();
        return (CountIn(completedAt, from, to) / window.TotalSeconds, ids.Count / (warmup + window).TotalSeconds, errors);
    }

    private static int CountIn(IEnumerable<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to) => times.Count(t => t >= from && t < to);

    /// <summary>Submits a raw document (<c>POST /api/jobs/{type}</c>); its job id, or null.</summary>
    internal static async Task<string?> SubmitDocumentAsync(BenchServer server, string type, string text)
    {
        using var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using HttpResponseMessage response = await server.Client.PostAsync(new Uri($"/api/jobs/{type}", UriKind.Relative), content);
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>()
            : null;
    }

    /// <summary>About 3 KB of prose with an e-mail address, a phone number and an IP address every few lines.</summary>
    internal static string RedactDocument()
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < 3000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Line {i}: the order was shipped on time and the customer was pleased with it. ");
            if (i % 3 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"Contact jane.doe{i}@example.com or call +1 415 555 01{i % 90 + 10:00} from 10.0.{i % 200}.7.");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
