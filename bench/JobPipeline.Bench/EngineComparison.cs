using System.Diagnostics;
using System.Text.Json.Nodes;
using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Support;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// The two engines in one run, on the same job type and load: the queue engine (the real server process) and Durable
/// Functions' Azure Storage engine (FunctionsApp in the bench process, its backend configured by a <c>host.json</c>).
/// Each runs a fixed number of jobs from 8 closed loops (submit, then read the job until it is terminal, then the
/// next), after a warm-up of one job per loop; jobs/s is the jobs over the wall clock, latency is submit → completed
/// as the client sees it.
/// </summary>
public static class EngineComparison
{
    private const int InFlight = 8;

    /// <summary>How often a loop reads its job while waiting (the same for both engines).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The quiet spell before the lone job (longer than the default 30 s back-off takes to reach its maximum).</summary>
    private static readonly TimeSpan IdleSpell = TimeSpan.FromSeconds(45);

    /// <summary>Whether the loops long-poll their job (<see cref="BenchOptions.EngineClient"/> <c>wait</c>) rather than read it every <see cref="PollInterval"/>.</summary>
    private static int? LongPoll;

    public static async Task RunAsync(Azurite azurite, BenchOptions options, BenchReport report)
    {
        LongPoll = options.EngineClient == "wait" ? 30 : null;
        int jobs = options.Quick ? 64 : 200;
        string type;
        byte[] envelope;
        EngineRun queue;
        await BenchProgram.FreshAsync(azurite);
        await using (BenchServer server = await BenchServer.StartAsync(azurite, worker: true, InFlight))
        {
            type = BenchProgram.Pick(server, options.Type);
            envelope = BenchProgram.Envelope(type);
            var cpu = CpuMeter.Start(("server", server.Process.ProcessId), ("azurite", azurite.ProcessId));
            queue = await ClosedLoopAsync(jobs, () => server.SubmitAsync(envelope), id => server.GetAsync(id, LongPoll));
            report.Add(new(
                $"engines: queue engine (server), {jobs} {type} jobs, {InFlight} in flight, {ClientName}",
                $"{Line(queue)}; CPU: {cpu.Stop()}; {cpu.PerJob(queue.Completed + (int)queue.Errors + InFlight)}",
                "", "", "reference", null));
        }

        IReadOnlyList<string> hostJsons = options.HostJsons.Count > 0 ? options.HostJsons : [DurableHostJson.ShippedPath];
        foreach (string path in hostJsons)
        {
            foreach (string variant in options.DurableVariants)
            {
                await DurableAsync(azurite, options, report, jobs, type, envelope, queue, path, variant);
            }
        }
    }

    private static async Task DurableAsync(
        Azurite azurite, BenchOptions options, BenchReport report, int jobs, string type, byte[] envelope, EngineRun queue, string path, string variant)
    {
        var hostJson = DurableHostJson.Read(path);
        await BenchProgram.FreshAsync(azurite);
        await using BenchFunctionsApp app = await BenchFunctionsApp.StartAsync(
            azurite, hostJson, VariantSettings(variant), noStartDeduplication: variant.Split('+').Contains("nodedup"));
        // The Durable backend, the sidecar and the worker run in the bench process: "bench" is their CPU.
        var cpu = CpuMeter.Start(("azurite", azurite.ProcessId));
        long callsBefore = app.EngineStorageCalls;
        IReadOnlyDictionary<string, long> kindsBefore = app.EngineStorageCallsByKind;
        EngineRun durable = await ClosedLoopAsync(jobs, () => app.SubmitAsync(envelope), id => app.GetAsync(id, LongPoll));

        // Per job of the whole loop, the warm-up jobs included (the history and the CPU hold them too).
        int all = durable.Completed + (int)durable.Errors + InFlight;
        double callsPerJob = (app.EngineStorageCalls - callsBefore) / (double)all;
        string byKind = string.Join(", ", app.EngineStorageCallsByKind
            .Select(k => (k.Key, PerJob: (k.Value - kindsBefore.GetValueOrDefault(k.Key)) / (double)all))
            .Where(k => k.PerJob >= 0.005)
            .OrderByDescending(k => k.PerJob)
            .Select(k => $"{k.Key} {F(k.PerJob, "0.00")}"));
        string busy = cpu.Stop();
        string cpuPerJob = cpu.PerJob(all);
        IReadOnlyDictionary<string, int> history = await app.HistoryEventsAsync();
        string PerJob(string kind) => F(history.GetValueOrDefault(kind) / (double)all, "0.00");
        string engineWork =
            $"per job: {PerJob("OrchestratorStarted")} orchestrator episodes, {PerJob("TaskScheduled")} activity executions " +
            $"({PerJob("TaskFailed")} failed), {PerJob("TimerFired")} durable timers fired; history: " +
            string.Join(" ", history.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key} {h.Value}"));

        // A lone job after a quiet spell: the idle queue polls have backed off as far as maxQueuePollingInterval allows.
        string idle = "";
        if (!options.SkipIdle)
        {
            await Task.Delay(IdleSpell);
            double? afterIdle = await OneAsync(() => app.SubmitAsync(envelope), id => app.GetAsync(id, LongPoll));
            idle = $"; one job after {F(IdleSpell.TotalSeconds)} s idle: {(afterIdle is { } ms ? $"{F(ms)} ms" : "failed")}";
        }

        double ratio = durable.Rate / queue.Rate;
        report.Add(new(
            $"engines: Durable Azure Storage (FunctionsApp, {variant}), {jobs} {type} jobs, {InFlight} in flight, {ClientName}; host.json {Describe(path, hostJson)}",
            $"{Line(durable)}, {F(callsPerJob, "0.0")} engine storage calls/job ({byKind}); {engineWork}{idle}; CPU: {busy}; {cpuPerJob}",
            $"{F(queue.Rate, "0.0")} jobs/s",
            $"{F(ratio, "0.00")}×",
            "p50 ≤ 250 ms, 0 errors",
            durable.Errors == 0 && durable.Percentile(50) <= 250));
    }

    /// <summary>
    /// The settings that select a variant of <see cref="BenchOptions.DurableVariants"/>: <c>before</c> (no start row
    /// wait, no fused activity, no wake-up, no slot wait), <c>fused</c> (row wait and fused activity, no wake-up of
    /// deferred jobs, no slot wait) or
    /// <c>after</c> (as shipped), optionally with <c>+capN</c> (<c>JobPipeline:MaxRunningJobsPerTenant</c> N instead of
    /// the default 4, with which the bench's one tenant at 8 in flight always has jobs waiting for a slot), with
    /// <c>+nodedup</c> (the backend's start-message deduplication off: see <see cref="BenchFunctionsApp.StartAsync"/>) and
    /// with <c>+noslotwait</c> (<c>JobPipeline:Durable:SlotWait</c> zero: a start over the tenant's cap defers at once
    /// instead of waiting in its activity for a slot).
    /// </summary>
    private static Dictionary<string, string?> VariantSettings(string variant)
    {
        string[] parts = variant.Split('+');
        Dictionary<string, string?> settings = parts[0] switch
        {
            "after" => [],
            "fused" => new() { ["JobPipeline:Durable:WakeDeferred"] = "false", ["JobPipeline:Durable:SlotWait"] = "00:00:00" },
            "before" => new()
            {
                ["JobPipeline:Durable:SlotWait"] = "00:00:00",
                ["JobPipeline:Durable:StartRowWait"] = "00:00:00",
                ["JobPipeline:Durable:FuseStartAndProcess"] = "false",
                ["JobPipeline:Durable:WakeDeferred"] = "false",
            },
            _ => throw new ArgumentException($"Unknown Durable variant '{variant}' (before, fused, after, each optionally +capN, +nodedup, +noslotwait)."),
        };
        foreach (string part in parts.Skip(1).Where(p => p != "nodedup"))
        {
            if (part == "noslotwait")
            {
                settings["JobPipeline:Durable:SlotWait"] = "00:00:00";
                continue;
            }

            settings["JobPipeline:MaxRunningJobsPerTenant"] = part.StartsWith("cap", StringComparison.Ordinal)
                ? part[3..]
                : throw new ArgumentException($"Unknown Durable variant '{variant}' (before, fused, after, each optionally +capN, +nodedup, +noslotwait).");
        }

        return settings;
    }

    private static string ClientName => LongPoll is { } wait ? $"client long-polls (?wait={wait})" : $"client reads every {PollInterval.TotalMilliseconds:0} ms";

    private static string Line(EngineRun run) =>
        $"{F(run.Rate, "0.0")} jobs/s, submit→completed p50 {F(run.Percentile(50))} ms, p99 {F(run.Percentile(99))} ms, {run.Errors} errors " +
        $"(mean {F(run.Latencies.DefaultIfEmpty().Average())} ms, p75 {F(run.Percentile(75))}, p90 {F(run.Percentile(90))}, p95 {F(run.Percentile(95))}; " +
        $"{run.Latencies.Count(l => l >= 1000)} jobs ≥ 1 s, {run.Latencies.Count(l => l >= 2000)} ≥ 2 s; created→started {StartWaitsLine()})";

    private static string StartWaitsLine()
    {
        double[] waits = [.. StartWaits.Order()];
        StartWaits.Clear();
        double At(double p) => waits.Length == 0 ? double.NaN : waits[Math.Clamp((int)Math.Ceiling(p / 100 * waits.Length) - 1, 0, waits.Length - 1)];
        return $"p50 {F(At(50))} ms, p90 {F(At(90))}, p99 {F(At(99))}, {waits.Count(w => w >= 1000)} ≥ 1 s";
    }

    private static string Describe(string path, DurableHostJson h) =>
        $"`{Path.GetFileName(path)}` (maxQueuePollingInterval {h.MaxQueuePollingInterval}, partitionCount {h.PartitionCount}, " +
        $"controlQueueBatchSize {h.ControlQueueBatchSize}, extendedSessions {(h.ExtendedSessionsEnabled ? "on" : "off")}, " +
        $"maxConcurrent activity/orchestrator {h.MaxConcurrentActivityFunctions}/{h.MaxConcurrentOrchestratorFunctions})";

    /// <summary>Warm-up (one job per loop, not counted), then <paramref name="jobs"/> jobs from <see cref="InFlight"/> loops.</summary>
    private static async Task<EngineRun> ClosedLoopAsync(int jobs, Func<Task<string?>> submit, Func<string, Task<JsonObject?>> get)
    {
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => OneAsync(submit, get)));

        int started = 0;
        long errors = 0;
        var latencies = new List<double>[InFlight];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(loop => Task.Run(async () =>
        {
            List<double> mine = latencies[loop] = [];
            while (Interlocked.Increment(ref started) <= jobs)
            {
                double? ms = await OneAsync(submit, get);
                if (ms is { } done)
                {
                    mine.Add(done);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        double seconds = clock.Elapsed.TotalSeconds;
        double[] all = [.. latencies.SelectMany(l => l).Order()];
        return new EngineRun(all.Length, errors, seconds, all);
    }

    /// <summary>created_at → started_at of every job seen completed since the last <see cref="Line"/> (the engine's start latency).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<double> StartWaits = [];

    /// <summary>One job, submit → seen completed, in milliseconds; null when it failed or took over a minute.</summary>
    private static async Task<double?> OneAsync(Func<Task<string?>> submit, Func<string, Task<JsonObject?>> get)
    {
        long start = Stopwatch.GetTimestamp();
        string? id = await submit();
        if (id is null)
        {
            return null;
        }

        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(1))
        {
            JsonObject? job = await get(id);
            switch (job?["status"]?.GetValue<string>())
            {
                case "completed":
                    if (job["created_at"]?.GetValue<DateTimeOffset>() is { } created && job["started_at"]?.GetValue<DateTimeOffset>() is { } began)
                    {
                        StartWaits.Add((began - created).TotalMilliseconds);
                    }

                    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                case "failed" or "canceled" or "expired":
                    Console.WriteLine($"  job {id} ended {job.ToJsonString()}");
                    return null;
            }

            if (LongPoll is null)
            {
                await Task.Delay(PollInterval);
            }
        }

        Console.WriteLine($"  job {id} not completed after a minute");
        return null;
    }

    /// <summary>What one engine did.</summary>
    private sealed record EngineRun(int Completed, long Errors, double Seconds, double[] Latencies)
    {
        public double Rate => Completed / Seconds;

        public double Percentile(double p) =>
            Latencies.Length == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(p / 100 * Latencies.Length) - 1, 0, Latencies.Length - 1)];
    }
}
