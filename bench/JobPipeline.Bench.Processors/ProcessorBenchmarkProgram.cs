using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace JobPipeline.Bench.Processors;

/// <summary>
/// <c>dotnet run -c Release --project bench/JobPipeline.Bench.Processors</c>: MB/s of <c>redact</c> and
/// <c>json.format</c> on an 8 MB in-memory document.
/// </summary>
public static class ProcessorBenchmarkProgram
{
    public static int Main(string[] args)
    {
        string[] available = [.. ProcessorBenchmarks.Available()];
        if (available.Length == 0)
        {
            Console.WriteLine($"None of {string.Join(", ", ProcessorBenchmarks.Wanted)} is registered by AddJobPipeline on this build: nothing to measure.");
            return 0;
        }

        Summary summary = BenchmarkRunner.Run<ProcessorBenchmarks>(args: args);
        Console.WriteLine();
        Console.WriteLine("| job type | document | mean | MB/s | allocated |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (BenchmarkReport report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats)
            {
                continue;
            }

            string type = (string)report.BenchmarkCase.Parameters["Type"];
            double seconds = stats.Mean / 1e9;
            double megabytes = ProcessorBenchmarks.DocumentBytes / (1024.0 * 1024);
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {type} | {megabytes:0} MB | {seconds * 1000:0.0} ms | {megabytes / seconds:0.0} | {(allocated ?? 0) / (1024.0 * 1024):0.0} MB |"));
        }

        return 0;
    }
}
