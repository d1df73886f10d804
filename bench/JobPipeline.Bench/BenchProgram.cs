using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// The JobPipeline load bench: a fresh in-memory Azurite, the real server as a separate process, raw-storage baselines
/// measured in the same run. Usage: <c>dotnet run -c Release --project bench/JobPipeline.Bench -- [--quick] [--type json.format]</c>.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var report = new BenchReport();
        Console.WriteLine($"JobPipeline bench ({(options.Quick ? "quick" : "full")}), {Machine()}, load average {LoadAverage()}");
        await using Azurite azurite = await StartAzuriteAsync();

        double rawReadRate = double.NaN;
        if (options.Runs("reads") || options.Runs("submit"))
        {
            var raw = new RawStorage(azurite.ConnectionString);
            var cpu = CpuMeter.Start(("azurite", azurite.ProcessId));
            LoadResult reads = await raw.PointReadsAsync(options);
            rawReadRate = reads.Rate;
            report.Add(new($"raw table point read, {options.Connections} conns", $"{F(reads.Rate)}/s, p50 {F(reads.Percentile(50), "0.0")} ms, p99 {F(reads.Percentile(99), "0.0")} ms; CPU: {cpu.Stop()}", "", "", "baseline", null));
            if (options.Runs("reads"))
            {
                // The same read with the status read's $select: what Azurite spends on the projection, apart from the server.
                cpu = CpuMeter.Start(("azurite", azurite.ProcessId));
                LoadResult selected = await raw.PointReadsAsync(options, statusColumns: true);
                report.Add(new($"raw table point read of the status columns ($select), {options.Connections} conns", $"{F(selected.Rate)}/s, p50 {F(selected.Percentile(50), "0.0")} ms, p99 {F(selected.Percentile(99), "0.0")} ms; CPU: {cpu.Stop()}", $"{F(reads.Rate)}/s", $"{F(selected.Rate / reads.Rate, "0.00")}×", "baseline", null));
            }

            if (options.Runs("submit"))
            {
                cpu = CpuMeter.Start(("azurite", azurite.ProcessId));
                LoadResult inserts = await raw.InsertAndSendAsync(options);
                report.Add(new($"raw table insert + queue send, {options.Connections} conns", $"{F(inserts.Rate)}/s, p50 {F(inserts.Percentile(50), "0.0")} ms, p99 {F(inserts.Percentile(99), "0.0")} ms; CPU: {cpu.Stop()}", "", "", "baseline", null));
                await FreshAsync(azurite);
                await using BenchServer api = await BenchServer.StartAsync(azurite, worker: false, options.Connections);
                byte[] envelope = Envelope(Pick(api, options.Type));
                cpu = CpuMeter.Start(("server", api.Process.ProcessId), ("azurite", azurite.ProcessId));
                LoadResult submits = await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () => await api.SubmitAsync(envelope) is not null);
                Ratio(report, $"submit (POST /api/jobs, 1 KB), {options.Connections} conns", submits, inserts.Rate, 0.7, "jobs/s", cpu.Stop());
            }
        }

        if (options.Runs("reads"))
        {
            // Interleaved, each after its own raw read: with --before, the earlier build, then this one. Server CPU per
            // GET counts every GET sent (warm-up included) against the server's CPU over the same time; allocated bytes
            // per GET come from the server itself (ServerAllocations), a figure the machine's load does not move.
            (string Label, string? Directory)[] builds = options.BeforeDirectory is { } before ? [("before", before), ("after", null)] : [("this build", null)];
            for (int round = 0; round < 3; round++)
            {
                foreach ((string label, string? directory) in builds)
                {
                    await FreshAsync(azurite);
                    LoadResult raw = await new RawStorage(azurite.ConnectionString).PointReadsAsync(options);
                    await using BenchServer api = await BenchServer.StartAsync(azurite, worker: false, options.Connections, directory: directory);
                    string id = await api.SubmitAsync(Envelope(Pick(api, options.Type))) ?? throw new InvalidOperationException("Submit failed.");
                    long sent = 0;
                    long? allocatedBefore = await ServerAllocations.ReadAsync(api.Client);
                    var cpu = CpuMeter.Start(("server", api.Process.ProcessId), ("azurite", azurite.ProcessId));
                    LoadResult gets = await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () =>
                    {
                        Interlocked.Increment(ref sent);
                        return await api.GetAsync(id) is not null;
                    });
                    double serverSeconds = cpu.Seconds("server");
                    string busy = cpu.Stop();
                    long? allocatedAfter = await ServerAllocations.ReadAsync(api.Client);
                    string allocated = allocatedBefore is { } a0 && allocatedAfter is { } a1 ? $", {F((a1 - a0) / 1024.0 / sent, "0.0")} KB allocated per GET" : "";
                    Ratio(report, $"status GET, queued job, {label}, {options.Connections} conns, round {round + 1} (server {F(serverSeconds * 1000 / sent, "0.00")} ms CPU per GET{allocated})", gets, raw.Rate, 0.8, "req/s", busy);
                }
            }

            await FreshAsync(azurite);
            await using (BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections))
            {
                string id = await server.SubmitAsync(Envelope(Pick(server, options.Type))) ?? throw new InvalidOperationException("Submit failed.");
                await server.WaitAsync(id, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
                var cpu = CpuMeter.Start(("server", server.Process.ProcessId), ("azurite", azurite.ProcessId));
                LoadResult gets = await LoadRunner.RunAsync(options.Connections, options.Warmup, options.Window, async () => await server.GetAsync(id) is not null);
                Ratio(report, $"status GET, completed job, {options.Connections} conns", gets, rawReadRate, 5, "req/s", cpu.Stop());
            }
        }

        if (options.Runs("e2e") || options.Runs("latency") || options.Runs("sustained"))
        {
            string type;
            byte[] envelope;
            await FreshAsync(azurite);
            await using (BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections))
            {
                type = Pick(server, options.Type);
                envelope = Envelope(type);
                if (options.Runs("e2e") || options.Runs("latency"))
                {
                    await EndToEnd.LowLoadAsync(server, envelope, options, report, type);
                }
            }

            if (options.Runs("e2e") || options.Runs("sustained"))
            {
                foreach (double? rate in new double?[] { 100, null })
                {
                    await FreshAsync(azurite);
                    await using BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections);
                    await EndToEnd.SustainedAsync(server, envelope, options, report, type, rate, azurite.ProcessId);
                }
            }
        }

        ServerJobCost? cost = null;
        if (options.Runs("calls"))
        {
            cost = await StorageWork.CallsAsync(azurite, options, report);
        }

        if (options.Runs("targets"))
        {
            // Without the calls part, the figures of docs/benchmarks.md (a json.format job after issue 17's cuts).
            StorageTargets.Report(report, cost ?? new ServerJobCost(TenantRowEntities: 6.1, IndexEntities: 1, QueueRequests: 2.7, Requests: 6.8));
        }

        if (options.Runs("ratio"))
        {
            await StorageWork.RatioAsync(azurite, options, report);
        }

        if (options.Runs("scaleout"))
        {
            await ScaleOut.MeasureAsync(azurite, options, report);
        }

        if (options.Runs("engines"))
        {
            await EngineComparison.RunAsync(azurite, options, report);
        }

        if (options.Runs("memory"))
        {
            await FreshAsync(azurite);
            await using BenchServer server = await BenchServer.StartAsync(azurite, worker: true, options.Connections);
            await BigDocument.MeasureAsync(server, options, report);
        }

        if (options.Runs("envelopes"))
        {
            // Memory, not storage speed, is measured here: the instance's state does not matter, no restart needed.
            await using BenchServer server = await BenchServer.StartAsync(azurite, worker: false, options.Connections);
            await LargeEnvelopes.MeasureAsync(server, report);
        }

        if (options.Runs("fairness"))
        {
            await Fairness.MeasureAsync(azurite, options, report, () => FreshAsync(azurite));
        }

        report.Print(Console.Out);
        return 0;
    }

    private static async Task<Azurite> StartAzuriteAsync()
    {
        // On a machine under heavy load Azurite can miss its start deadline: try a few times before giving up.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await Azurite.StartAsync();
            }
            catch (InvalidOperationException e) when (attempt < 5)
            {
                Console.WriteLine($"  note: {e.Message} Trying again ({attempt}/5).");
            }
        }
    }

    internal static async Task FreshAsync(Azurite azurite)
    {
        // Azurite slows down as state accumulates: every part starts on an empty instance (same ports).
        azurite.Stop();
        await azurite.RestartAsync();
    }

    internal static string Pick(BenchServer server, string type)
    {
        if (server.Types.Contains(type))
        {
            return type;
        }

        Console.WriteLine($"  note: job type '{type}' is not on this build (types: {string.Join(", ", server.Types)}); using bench.echo");
        return "bench.echo";
    }

    internal static byte[] Envelope(string type)
    {
        // About 1 KB of JSON text to format, in the shape json.format takes ({"json": "..."}); bench.echo returns it as is.
        var items = new JsonArray();
        for (int i = 0; items.ToJsonString().Length < 900; i++)
        {
            items.Add(new JsonObject { ["id"] = i, ["name"] = $"item {i}", ["price"] = 12.5 + i, ["tags"] = new JsonArray("a", "b") });
        }

        string json = new JsonObject { ["items"] = items }.ToJsonString();
        return JsonSerializer.SerializeToUtf8Bytes(new { type, input = new { json }, options = new { indent = 2 } });
    }

    private static void Ratio(BenchReport report, string scenario, LoadResult result, double baseline, double target, string unit, string cpu)
    {
        double ratio = result.Rate / baseline;
        string errors = result.Errors > 0 ? $", {result.Errors} errors" : "";
        report.Add(new(
            scenario,
            $"{F(result.Rate)} {unit}, p50 {F(result.Percentile(50), "0.0")} ms, p99 {F(result.Percentile(99), "0.0")} ms{errors}; CPU: {cpu}",
            $"{F(baseline)}/s",
            $"{F(ratio, "0.00")}×",
            $"≥ {F(target, "0.0")}× baseline",
            ratio >= target && result.Errors == 0));
    }
}
