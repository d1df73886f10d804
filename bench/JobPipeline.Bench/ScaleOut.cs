using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// Scale-out on one storage account: 1, 2 and 3 server processes on the same Azurite, every one with its worker on.
/// Tenant A submits from 6 loops and tenant B from 2, round-robin over the instances, flat out, <c>bench.trace</c>
/// jobs (each run logs itself and names itself in the result). Afterwards: throughput, whether every accepted job
/// completed, how many ran more than once, whether every result came from one of its job's runs and reads the same
/// through every instance, and each tenant's share and latency.
/// </summary>
public static class ScaleOut
{
    public static async Task MeasureAsync(Azurite azurite, BenchOptions options, BenchReport report)
    {
        TimeSpan warmup = options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(4);
        TimeSpan window = options.Quick ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(15);
        foreach (int instances in new[] { 1, 2, 3 })
        {
            await BenchProgram.FreshAsync(azurite);
            string log = Path.Combine(Path.GetTempPath(), $"jobpipeline-bench-runs-{Environment.ProcessId}-{instances}-{Guid.NewGuid():N}");
            var servers = new List<BenchServer>();
            var others = new List<HttpClient>();
            try
            {
                for (int i = 0; i < instances; i++)
                {
                    BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections, new Dictionary<string, string> { ["BENCH_RUN_LOG"] = log });
                    servers.Add(server);
                    var other = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
                    other.DefaultRequestHeaders.Add("x-api-key", BenchServer.OtherTenantApiKey);
                    others.Add(other);
                }

                var cpu = CpuMeter.Start([.. servers.Select((s, i) => ($"server{i + 1}", s.Process.ProcessId)), ("azurite", azurite.ProcessId)]);
                var accepted = new ConcurrentDictionary<string, (string Tenant, int Seq)>();
                int errors = 0;
                int seq = 0;
                DateTimeOffset from = DateTimeOffset.UtcNow + warmup;
                DateTimeOffset to = from + window;
                await Task.WhenAll(Enumerable.Range(0, 8).Select(loop => Task.Run(async () =>
                {
                    string tenant = loop < 6 ? "A" : "B";
                    for (int k = loop; DateTimeOffset.UtcNow < to; k++)
                    {
                        HttpClient client = tenant == "A" ? servers[k % instances].Client : others[k % instances];
                        int n = Interlocked.Increment(ref seq);
                        try
                        {
                            using var content = new StringContent("{\"type\":\"bench.trace\",\"input\":{\"seq\":" + n.ToString(CultureInfo.InvariantCulture) + "}}", Encoding.UTF8);
                            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                            using HttpResponseMessage response = await client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                accepted[JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>()] = (tenant, n);
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

                // Every accepted job, read until terminal through the first instance (each tenant with its own key), then once more through every other.
                var results = new Dictionary<string, JsonObject>();
                foreach (string tenant in new[] { "A", "B" })
                {
                    List<string> ids = [.. accepted.Where(a => a.Value.Tenant == tenant).Select(a => a.Key)];
                    foreach (JsonObject job in await BatchStatus.ReadAsync(tenant == "A" ? servers[0].Client : others[0], ids, terminal: true, TimeSpan.FromMinutes(4)))
                    {
                        results[job["job_id"]!.GetValue<string>()] = job;
                    }
                }

                string load = cpu.Stop();
                int differing = 0;
                for (int i = 1; i < instances; i++)
                {
                    foreach (string tenant in new[] { "A", "B" })
                    {
                        List<string> ids = [.. accepted.Where(a => a.Value.Tenant == tenant).Select(a => a.Key)];
                        foreach (JsonObject again in await BatchStatus.ReadAsync(tenant == "A" ? servers[i].Client : others[i], ids, terminal: true, TimeSpan.FromMinutes(1)))
                        {
                            string id = again["job_id"]!.GetValue<string>();
                            if (!results.TryGetValue(id, out JsonObject? first) || first["result"]?.ToJsonString() != again["result"]?.ToJsonString())
                            {
                                differing++;
                            }
                        }
                    }
                }

                var runs = new Dictionary<string, List<string>>();
                foreach (string file in Directory.GetFiles(Path.GetDirectoryName(log)!, Path.GetFileName(log) + ".*"))
                {
                    foreach (string line in File.ReadLines(file))
                    {
                        string[] parts = line.Split(' ');
                        if (!runs.TryGetValue(parts[0], out List<string>? list))
                        {
                            runs[parts[0]] = list = [];
                        }

                        list.Add(parts[1]);
                    }

                    File.Delete(file);
                }

                int completed = 0, lost = 0, wrongResult = 0;
                var latency = new Dictionary<string, List<double>> { ["A"] = [], ["B"] = [] };
                var inWindow = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0 };
                foreach ((string id, (string tenant, int n)) in accepted)
                {
                    if (!results.TryGetValue(id, out JsonObject? job) || job["status"]?.GetValue<string>() != "completed")
                    {
                        lost++;
                        continue;
                    }

                    completed++;
                    JsonNode? result = job["result"];
                    bool ours = result?["job_id"]?.GetValue<string>() == id
                        && result["input"]?["seq"]?.GetValue<int>() == n
                        && runs.TryGetValue(id, out List<string>? ran) && ran.Contains(result["run"]!.GetValue<string>());
                    if (!ours)
                    {
                        wrongResult++;
                    }

                    var created = DateTimeOffset.Parse(job["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    var done = DateTimeOffset.Parse(job["completed_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    latency[tenant].Add((done - created).TotalMilliseconds);
                    if (done >= from && done < to)
                    {
                        inWindow[tenant]++;
                    }
                }

                int twice = runs.Count(r => r.Value.Count > 1);
                string Tenant(string t)
                {
                    List<double> l = [.. latency[t].Order()];
                    return $"{t}: {F(inWindow[t] / window.TotalSeconds)} jobs/s, created→completed p50 {(l.Count > 0 ? F(l[l.Count / 2]) : "-")} ms, p99 {(l.Count > 0 ? F(l[(int)(l.Count * 0.99)]) : "-")} ms";
                }

                double total = (inWindow["A"] + inWindow["B"]) / window.TotalSeconds;
                report.Add(new(
                    $"scale-out: {instances} server process{(instances > 1 ? "es" : "")}, one Azurite, tenant A 6 loops + tenant B 2 loops flat out (bench.trace)",
                    $"{F(total)} jobs/s completed inside the window; {accepted.Count} accepted, {completed} completed, **{lost} lost**, {twice} ran more than once, **{wrongResult} with a result not from one of its runs**, {differing} read differently through another instance, {errors} submit errors; {Tenant("A")}; {Tenant("B")}; CPU: {load}",
                    "", "", "0 lost, 0 wrong or differing results",
                    lost == 0 && wrongResult == 0 && differing == 0));
            }
            finally
            {
                foreach (HttpClient other in others)
                {
                    other.Dispose();
                }

                foreach (BenchServer server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        }
    }
}
