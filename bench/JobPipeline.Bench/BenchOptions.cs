using System.Globalization;

namespace JobPipeline.Bench;

/// <summary>The bench's command line.</summary>
public sealed record BenchOptions
{
    /// <summary>Short windows (a smoke run, about a minute); the full run takes a few minutes.</summary>
    public bool Quick { get; init; }

    /// <summary>The job type of the submit and end-to-end figures (falls back to <c>bench.echo</c> when the build lacks it).</summary>
    public string Type { get; init; } = "json.format";

    /// <summary>The job type of the big-document memory figure.</summary>
    public string DocumentType { get; init; } = "redact";

    /// <summary>The big document's size.</summary>
    public int DocumentMegabytes { get; init; } = 100;

    /// <summary>Concurrent connections of the request-rate figures.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>
    /// Which parts run: all, or a comma list of reads, submit, e2e (= latency + sustained), latency, sustained, memory,
    /// envelopes, fairness, engines, calls (storage calls per job), ratio (sustained against the raw end-to-end
    /// baseline), scaleout (2 and 3 server processes), targets (Azure Storage's targets, simulated).
    /// </summary>
    public string Only { get; init; } = "all";

    /// <summary>The host.json files the Durable engine of the engines part runs with, one run each (default: the repository's).</summary>
    public IReadOnlyList<string> HostJsons { get; init; } = [];

    /// <summary>
    /// The Durable engine's behaviours the engines part compares, run in this order on each host.json, so that before
    /// and after can be interleaved within one run: <c>after</c> (as shipped) or <c>before</c> (start and process as two
    /// activities, and a start activity that does not look again for a row written just after the engine heard of the
    /// job), each optionally <c>+capN</c> (<c>JobPipeline:MaxRunningJobsPerTenant</c>), <c>+nodedup</c> and
    /// <c>+noslotwait</c> (no wait in the start activity for a slot of the tenant: see EngineComparison).
    /// </summary>
    public IReadOnlyList<string> DurableVariants { get; init; } = ["after"];

    /// <summary>
    /// How the engines part's client waits for a job: <c>poll</c> (reads it every 20 ms) or <c>wait</c> (long-polls it,
    /// <c>?wait=30</c>, as API.md offers); the same for both engines.
    /// </summary>
    public string EngineClient { get; init; } = "poll";

    /// <summary>Leave out the lone job after a quiet spell (45 s per Durable run).</summary>
    public bool SkipIdle { get; init; }

    /// <summary>
    /// A second build of the bench's output directory (its JobPipeline.Server.dll): the calls, ratio and reads parts
    /// run it too, interleaved with this build's server, for before/after figures within one run.
    /// </summary>
    public string? BeforeDirectory { get; init; }

    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public TimeSpan Window => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    public bool Runs(string part) => Only == "all" || Only.Split(',').Contains(part, StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--type" => options with { Type = Next() },
                "--doc-type" => options with { DocumentType = Next() },
                "--doc-mb" => options with { DocumentMegabytes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => options with { Only = Next() },
                "--durable" => options with { DurableVariants = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--skip-idle" => options with { SkipIdle = true },
                "--engine-client" => options with { EngineClient = Next() switch { "poll" => "poll", "wait" => "wait", _ => throw new ArgumentException("--engine-client takes poll or wait.") } },
                "--before" => options with { BeforeDirectory = Path.GetFullPath(Next()) },
                "--host-json" => options with { HostJsons = [.. options.HostJsons, Path.GetFullPath(Next())] },
                _ => throw new ArgumentException(
                    $"Unknown argument {args[i]}. Usage: [--quick] [--type json.format] [--doc-type redact] [--doc-mb 100] [--connections 32] [--only reads,submit,e2e,latency,sustained,memory,envelopes,fairness,engines,calls,ratio,scaleout,targets] [--host-json path]... [--durable before,after,...] [--engine-client poll|wait] [--skip-idle] [--before dir]"),
            };
        }

        return options;
    }
}
