using System.Globalization;
using System.Runtime.InteropServices;

namespace JobPipeline.Bench;

/// <summary>One line of the bench's table.</summary>
/// <param name="Scenario">What was measured.</param>
/// <param name="Figure">The measured figure, formatted.</param>
/// <param name="Baseline">The raw-storage figure it is compared with, formatted ("" when none).</param>
/// <param name="Ratio">Figure over baseline ("" when none).</param>
/// <param name="Target">The goal.</param>
/// <param name="Met">Whether the goal was met (null: no goal, or not measured).</param>
public sealed record BenchLine(string Scenario, string Figure, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>Collects the lines and prints them as a Markdown table, with the machine they came from.</summary>
public sealed class BenchReport
{
    private readonly List<BenchLine> _lines = [];

    public void Add(BenchLine line)
    {
        _lines.Add(line);
        Console.WriteLine($"  {line.Scenario}: {line.Figure} {(line.Ratio.Length > 0 ? $"({line.Ratio} of {line.Baseline})" : "")} [load {LoadAverage()}]");
    }

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Machine()
    {
        string memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':')[1].Trim()
            : "?";
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1/5/15-minute load averages: other work on the machine skews every figure, so each run says how busy it was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public void Print(TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine($"Machine: {Machine()}");
        writer.WriteLine($"Load average at the end (1/5/15 min): {LoadAverage()}");
        writer.WriteLine();
        writer.WriteLine("| scenario | measured | raw Azurite baseline | ratio | target | met |");
        writer.WriteLine("|---|---|---|---|---|---|");
        foreach (BenchLine l in _lines)
        {
            string met = l.Met switch { true => "yes", false => "**no**", null => "" };
            writer.WriteLine($"| {l.Scenario} | {l.Figure} | {l.Baseline} | {l.Ratio} | {l.Target} | {met} |");
        }
    }
}
