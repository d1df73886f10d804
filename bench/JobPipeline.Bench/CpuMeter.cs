using System.Diagnostics;
using System.Globalization;

namespace JobPipeline.Bench;

/// <summary>
/// How busy each process was during a run, in cores (1.0 = one core all the time), from <c>/proc/&lt;pid&gt;/stat</c>:
/// on a 2-core machine shared by Azurite, the server and the bench's own client, this says which one is the limit.
/// </summary>
public sealed class CpuMeter
{
    private readonly (string Name, int Pid, double Start)[] _processes;
    private readonly long _started = Stopwatch.GetTimestamp();

    private CpuMeter((string Name, int Pid)[] processes) =>
        _processes = [.. processes.Select(p => (p.Name, p.Pid, CpuSeconds(p.Pid)))];

    public static CpuMeter Start(params (string Name, int? Pid)[] processes) =>
        new([.. processes.Where(p => p.Pid is not null).Select(p => (p.Name, p.Pid!.Value)), ("bench", Environment.ProcessId)]);

    /// <summary>The CPU seconds the process named <paramref name="name"/> has used since the start.</summary>
    public double Seconds(string name)
    {
        (string _, int pid, double start) = _processes.First(p => p.Name == name);
        return CpuSeconds(pid) - start;
    }

    /// <summary>"server 0.9, azurite 0.8, bench 0.3 cores".</summary>
    public string Stop()
    {
        double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        return string.Join(", ", _processes.Select(p => $"{p.Name} {(CpuSeconds(p.Pid) - p.Start) / seconds:0.00}")) + " cores";
    }

    /// <summary>"bench 21.0, azurite 9.5 ms" of CPU per job, for <paramref name="jobs"/> jobs since the start: load-independent, unlike cores.</summary>
    public string PerJob(int jobs) =>
        string.Join(", ", _processes.Select(p => $"{p.Name} {(CpuSeconds(p.Pid) - p.Start) * 1000 / jobs:0.0}")) + " ms CPU/job";

    private static double CpuSeconds(int pid)
    {
        string path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return 0;
        }

        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        string stat = File.ReadAllText(path);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }
}
