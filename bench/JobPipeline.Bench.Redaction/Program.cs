using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Running;
using JobPipeline.Bench.Redaction;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using Microsoft.Extensions.Options;

// `dotnet run -c Release --project bench/JobPipeline.Bench.Redaction`           precision/recall + quick MB/s
// `dotnet run -c Release --project bench/JobPipeline.Bench.Redaction -- --bdn`  the BenchmarkDotNet run as well
// `dotnet run -c Release --project bench/JobPipeline.Bench.Redaction -- --costly-options`  deny lists and patterns at the limits
var processor = new RedactProcessor(Options.Create(BenchSettings.Development));

if (args.Contains("--documents"))
{
    await DocumentBench.PrintAsync(processor);
    return;
}

if (args.Contains("--memory"))
{
    await PrintLargeDocumentMemoryAsync(processor, megabytes: 100);
    return;
}

if (args.Contains("--costly-options"))
{
    await PrintCostlyOptionsAsync(processor);
    return;
}

if (args.Contains("--probe"))
{
    // Prints the findings for each following argument: a quick look while working on a detector.
    foreach (string? text in args.SkipWhile(a => a != "--probe").Skip(1))
    {
        var output = new MemoryStream();
        await processor.ProcessAsync(InMemoryJob.Text(text, output));
        JsonNode result = JsonNode.Parse(output.ToArray())!;
        Console.WriteLine(text);
        foreach (JsonNode? f in result["findings"]!.AsArray())
        {
            Console.WriteLine($"  {f!["entity_type"]} '{text[(int)f["start"]!..(int)f["end"]!]}' {f["score"]}");
        }
    }

    return;
}

if (args.Contains("--throughput-only"))
{
    await PrintThroughputAsync(processor, megabytes: 64);
    return;
}

if (args.Contains("--per-type-only"))
{
    await PrintPerTypeThroughputAsync(processor, megabytes: 8);
    return;
}

if (args.Contains("--eval-only"))
{
    await PrintEvaluationAsync(processor, args.SkipWhile(a => a != "--errors").Skip(1).FirstOrDefault());
    return;
}

await PrintPrecisionRecallAsync(processor);
await PrintEvaluationAsync(processor, errorsOf: null);
await PrintThroughputAsync(processor, megabytes: 64);
await DocumentBench.PrintAsync(processor);

if (args.Contains("--per-type"))
{
    await PrintPerTypeThroughputAsync(processor, megabytes: 8);
}

if (args.Contains("--bdn"))
{
    BenchmarkRunner.Run<RedactBenchmarks>(args: [.. args.Where(a => a != "--bdn")]);
}

static async Task PrintPrecisionRecallAsync(RedactProcessor processor)
{
    string path = Path.Combine(AppContext.BaseDirectory, "redaction-samples.json");
    JsonArray samples = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    var truePositives = new Dictionary<string, int>();
    var falsePositives = new Dictionary<string, int>();
    var falseNegatives = new Dictionary<string, int>();

    foreach (JsonNode? sample in samples)
    {
        string text = (string)sample!["text"]!;
        var expected = sample["expect"]!.AsArray()
            .Select(e => ((string)e!["type"]!, text.IndexOf((string)e["value"]!, StringComparison.Ordinal), ((string)e["value"]!).Length))
            .Select(e => (Type: e.Item1, Start: e.Item2, End: e.Item2 + e.Item3))
            .ToHashSet();

        var output = new MemoryStream();
        await processor.ProcessAsync(InMemoryJob.Text(text, output));
        var found = JsonNode.Parse(output.ToArray())!["findings"]!.AsArray()
            .Select(f => (Type: (string)f!["entity_type"]!, Start: (int)f["start"]!, End: (int)f["end"]!))
            .ToHashSet();

        foreach ((string Type, int Start, int End) f in found) Bump(expected.Contains(f) ? truePositives : falsePositives, f.Type);
        foreach ((string Type, int Start, int End) e in expected.Where(e => !found.Contains(e))) Bump(falseNegatives, e.Type);
    }

    Console.WriteLine($"Labelled samples: {samples.Count}");
    Console.WriteLine($"{"entity type",-20} {"TP",4} {"FP",4} {"FN",4} {"precision",10} {"recall",8}");
    foreach (string type in EntityTypes.All)
    {
        int tp = truePositives.GetValueOrDefault(type);
        int fp = falsePositives.GetValueOrDefault(type);
        int fn = falseNegatives.GetValueOrDefault(type);
        double precision = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
        Console.WriteLine($"{type,-20} {tp,4} {fp,4} {fn,4} {precision,10:0.000} {recall,8:0.000}");
    }

    static void Bump(Dictionary<string, int> counts, string type) => counts[type] = counts.GetValueOrDefault(type) + 1;
}

// The generated evaluation corpus (EvaluationCorpus.cs): per-type precision, recall and F2, exact spans and any overlap.
static async Task PrintEvaluationAsync(RedactProcessor processor, string? errorsOf)
{
    await PrintEvaluationOfAsync(processor, EvaluationCorpus.Generate(), "development templates (the detectors were tuned while looking at these)", errorsOf);
    // The held-out misses are never written out: reading them would make the held-out set a development set.
    await PrintEvaluationOfAsync(processor, EvaluationCorpus.GenerateHeldOut(), "held-out templates and name pools (never tuned on)", errorsOf: null);
}

static async Task PrintEvaluationOfAsync(RedactProcessor processor, List<EvaluationSample> samples, string title, string? errorsOf)
{
    var exact = new Dictionary<string, (int Tp, int Fp, int Fn)>();
    var overlap = new Dictionary<string, (int Tp, int Fp, int Fn)>();
    var errors = new StringBuilder();
    foreach (EvaluationSample sample in samples)
    {
        var output = new MemoryStream();
        await processor.ProcessAsync(InMemoryJob.Text(sample.Text, output));
        var found = JsonNode.Parse(output.ToArray())!["findings"]!.AsArray()
            .Select(f => (Type: (string)f!["entity_type"]!, Start: (int)f["start"]!, End: (int)f["end"]!))
            .ToList();
        var gold = sample.Spans.Select(s => (s.Type, s.Start, s.End)).ToList();

        foreach ((string Type, int Start, int End) f in found)
        {
            Count(exact, f.Type, tp: gold.Contains(f) ? 1 : 0, fp: gold.Contains(f) ? 0 : 1, fn: 0);
            bool overlaps = gold.Any(g => g.Type == f.Type && g.Start < f.End && f.Start < g.End);
            Count(overlap, f.Type, tp: overlaps ? 1 : 0, fp: overlaps ? 0 : 1, fn: 0);
            if (!gold.Contains(f) && errorsOf is not null) errors.AppendLine($"FP {f.Type} '{sample.Text[f.Start..f.End]}' in: {sample.Text.ReplaceLineEndings(" / ")}");
        }

        foreach ((string Type, int Start, int End) g in gold)
        {
            if (!found.Contains(g))
            {
                Count(exact, g.Type, 0, 0, 1);
                if (errorsOf is not null) errors.AppendLine($"FN {g.Type} '{sample.Text[g.Start..g.End]}' in: {sample.Text.ReplaceLineEndings(" / ")}");
            }

            if (!found.Any(f => f.Type == g.Type && g.Start < f.End && f.Start < g.End)) Count(overlap, g.Type, 0, 0, 1);
        }
    }

    Console.WriteLine($"Evaluation corpus, {title}: {samples.Count} generated texts, {samples.Sum(s => s.Spans.Count)} labelled spans (bench/JobPipeline.Bench.Redaction/EvaluationCorpus.cs)");
    Console.WriteLine($"{"entity type",-16} {"gold",5} {"TP",5} {"FP",5} {"FN",5} {"precision",9} {"recall",7} {"F2",6}   {"overlap P",9} {"R",6} {"F2",6}");
    foreach (string? type in EntityTypes.All.Where(t => exact.ContainsKey(t)))
    {
        (int tp, int fp, int fn) = exact[type];
        (int otp, int ofp, int ofn) = overlap.GetValueOrDefault(type);
        (double p, double r, double f2) = Measures(tp, fp, fn);
        (double op, double or, double of2) = Measures(otp, ofp, ofn);
        Console.WriteLine($"{type,-16} {tp + fn,5} {tp,5} {fp,5} {fn,5} {p,9:0.000} {r,7:0.000} {f2,6:0.000}   {op,9:0.000} {or,6:0.000} {of2,6:0.000}");
    }

    if (errorsOf is not null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"redact-eval-errors-{errorsOf}.txt");
        File.WriteAllText(path, errors.ToString());
        Console.WriteLine($"errors: {path}");
    }

    static (double P, double R, double F2) Measures(int tp, int fp, int fn)
    {
        double p = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
        double r = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
        return (p, r, p + r == 0 ? 0 : 5 * p * r / (4 * p + r));
    }

    static void Count(Dictionary<string, (int Tp, int Fp, int Fn)> counts, string type, int tp, int fp, int fn)
    {
        (int a, int b, int c) = counts.GetValueOrDefault(type);
        counts[type] = (a + tp, b + fp, c + fn);
    }
}

static async Task PrintThroughputAsync(RedactProcessor processor, int megabytes)
{
    byte[] document = Encoding.UTF8.GetBytes(SparseProse.Generate(megabytes * 1024 * 1024));
    double megabytesIn = document.Length / (1024.0 * 1024.0);

    // Warm up (JIT, regex code) on a small slice, then time whole runs on one thread.
    await processor.ProcessAsync(InMemoryJob.Create(document[..(1024 * 1024)], "text/plain", new CountingStream()));

    double best = double.MaxValue;
    double bestCpu = double.MaxValue;
    string entities = "";
    for (int run = 0; run < 3; run++)
    {
        var output = new CountingStream();
        long before = GC.GetTotalAllocatedBytes();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        JobProcessorOutcome outcome = await processor.ProcessAsync(InMemoryJob.Create(document, "text/plain", output));
        stopwatch.Stop();
        best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        entities = outcome.Summary!.ToJsonString();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        bestCpu = Math.Min(bestCpu, cpu);
        Console.WriteLine($"run {run + 1}: {stopwatch.Elapsed.TotalSeconds:0.000} s wall, {cpu:0.000} s CPU, allocated {(GC.GetTotalAllocatedBytes() - before) / (1024.0 * 1024.0):0} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):0} MB");
    }

    Console.WriteLine($"summary: {entities}");
    // The work runs on one thread; on a shared machine the CPU-time figure is the fairer per-core number.
    Console.WriteLine($"text/plain, sparse PII: {megabytesIn:0.0} MB, best {megabytesIn / best:0.0} MB/s wall clock, {megabytesIn / bestCpu:0.0} MB/s per CPU second");
}

static async Task PrintPerTypeThroughputAsync(RedactProcessor processor, int megabytes)
{
    byte[] document = Encoding.UTF8.GetBytes(SparseProse.Generate(megabytes * 1024 * 1024));
    foreach (string type in EntityTypes.All)
    {
        var options = new JsonObject { ["entities"] = new JsonArray(type) };
        await processor.ProcessAsync(InMemoryJob.Create(document[..(256 * 1024)], "text/plain", new CountingStream(), options.DeepClone().AsObject()));
        var stopwatch = Stopwatch.StartNew();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await processor.ProcessAsync(InMemoryJob.Create(document, "text/plain", new CountingStream(), options.DeepClone().AsObject()));
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine($"{type,-20} alone: {document.Length / (1024.0 * 1024.0) / stopwatch.Elapsed.TotalSeconds,8:0.0} MB/s wall clock, {document.Length / (1024.0 * 1024.0) / cpu,8:0.0} MB/s per CPU second");
    }
}

static async Task PrintLargeDocumentMemoryAsync(RedactProcessor processor, int megabytes)
{
    string path = Path.Combine(Path.GetTempPath(), $"redact-bench-{megabytes}mb.txt");
    if (!File.Exists(path))
    {
        await using StreamWriter file = File.CreateText(path);
        for (int written = 0; written < megabytes; written++)
        {
            await file.WriteAsync(SparseProse.Generate(1024 * 1024, seed: written));
        }
    }

    GC.Collect();
    long before = Process.GetCurrentProcess().WorkingSet64;
    var output = new CountingStream();
    var stopwatch = Stopwatch.StartNew();
    JobProcessorOutcome outcome = await processor.ProcessAsync(InMemoryJob.File(path, "text/plain", output));
    var process = Process.GetCurrentProcess();
    Console.WriteLine($"{new FileInfo(path).Length / (1024.0 * 1024.0):0} MB text/plain from a file in {stopwatch.Elapsed.TotalSeconds:0.0} s: " +
        $"working set before {before / (1024.0 * 1024.0):0} MB, peak {process.PeakWorkingSet64 / (1024.0 * 1024.0):0} MB, " +
        $"output {output.BytesWritten / (1024.0 * 1024.0):0} MB, {outcome.Summary!["entity_count"]} entities");
}

static async Task PrintCostlyOptionsAsync(RedactProcessor processor)
{
    // The same findings with 1 term and with 1000 (999 never occur), then every word of the prose a term.
    byte[] document = Encoding.UTF8.GetBytes(SparseProse.Generate(2 * 1024 * 1024));
    double megabytes = document.Length / (1024.0 * 1024.0);
    IEnumerable<string> codenames = Enumerable.Range(0, 999).Select(i => $"codename{i}");
    var words = SparseProse.Generate(64 * 1024).Split(' ', '\n').Where(w => w.Length > 0 && char.IsLetter(w[0])).Distinct().Take(50).ToList();
    await TimeAsync($"deny_list of 1 term over {megabytes:0.0} MB", DenyList(["the"]));
    await TimeAsync($"deny_list of 1000 terms over {megabytes:0.0} MB", DenyList(["the", .. codenames]));
    await TimeAsync($"deny_list of 1000 terms, every word of the text one of them, over {megabytes:0.0} MB", DenyList([.. words, .. codenames.Take(1000 - words.Count)]));

    // Random letters: a 'q' every ~26 characters keeps the engine tracking many counted positions at once.
    var random = new Random(5);
    document = Encoding.UTF8.GetBytes(new string([.. Enumerable.Range(0, 1024 * 1024).Select(_ => (char)('a' + random.Next(26)))]));
    megabytes = 1;
    var unlimited = new RedactProcessor(Options.Create(BenchSettings.Development with { MaxPatternPositions = 100_000 }));
    foreach (string? regex in new[] { @"[\s\S]{1,480}q", @"[\s\S]{1,255}q", @"\d{3}-\d{4}" })
    {
        var pattern = new JsonObject { ["entities"] = new JsonArray("EMAIL_ADDRESS"), ["patterns"] = new JsonArray(new JsonObject { ["name"] = "P", ["regex"] = regex }) };
        await TimeAsync($"pattern {regex} over 1 MB of random letters, without the size limit", pattern.DeepClone().AsObject(), unlimited);
        await TimeAsync($"pattern {regex} over 1 MB of random letters", pattern);
    }

    static JsonObject DenyList(IEnumerable<string> terms) =>
        new() { ["entities"] = new JsonArray("DENY_LIST"), ["deny_list"] = new JsonArray([.. terms.Select(t => JsonValue.Create(t))]) };

    async Task TimeAsync(string label, JsonObject options, RedactProcessor? with = null)
    {
        var stopwatch = Stopwatch.StartNew();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            JobProcessorOutcome outcome = await (with ?? processor).ProcessAsync(InMemoryJob.Create(document, "text/plain", new CountingStream(), options));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"{label}: {stopwatch.Elapsed.TotalSeconds:0.000} s wall, {cpu:0.000} s CPU ({megabytes / cpu:0.0} MB per CPU second), {outcome.Summary!["entity_count"]} findings");
        }
        catch (JobPipeline.Processing.JobProcessingException e)
        {
            Console.WriteLine($"{label}: refused after {stopwatch.Elapsed.TotalSeconds:0.000} s: {e.Error.Code} {e.Error.Details?["field"]}: {e.Error.Message}");
        }
    }
}
