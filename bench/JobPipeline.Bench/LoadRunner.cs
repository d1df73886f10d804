using System.Diagnostics;

namespace JobPipeline.Bench;

/// <summary>What a closed-loop load run measured.</summary>
/// <param name="Operations">Operations that succeeded in the measured window.</param>
/// <param name="Errors">Operations that failed (an unexpected status or an exception).</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="Latencies">Each successful operation's duration in milliseconds, sorted.</param>
public sealed record LoadResult(long Operations, long Errors, double Seconds, double[] Latencies)
{
    /// <summary>Successful operations per second.</summary>
    public double Rate => Operations / Seconds;

    /// <summary>A percentile of the latencies, in milliseconds.</summary>
    public double Percentile(double p) =>
        Latencies.Length == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(p / 100 * Latencies.Length) - 1, 0, Latencies.Length - 1)];
}

/// <summary>
/// Runs an operation from <c>connections</c> concurrent loops (each starts the next operation when the last ends):
/// a warm-up that is not counted, then a measured window.
/// </summary>
public static class LoadRunner
{
    /// <summary>Runs <paramref name="operation"/> (true = success) in a closed loop and measures it.</summary>
    public static async Task<LoadResult> RunAsync(int connections, TimeSpan warmup, TimeSpan duration, Func<Task<bool>> operation)
    {
        var clock = Stopwatch.StartNew();
        long measureFrom = (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perLoop = new List<double>[connections];
        long errors = 0;
        var loops = new Task[connections];
        for (int c = 0; c < connections; c++)
        {
            List<double> latencies = perLoop[c] = new List<double>(4096);
            loops[c] = Task.Run(async () =>
            {
                while (true)
                {
                    long start = clock.ElapsedTicks;
                    if (start >= measureTo)
                    {
                        return;
                    }

                    bool ok;
                    try
                    {
                        ok = await operation();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or Azure.RequestFailedException)
                    {
                        ok = false;
                    }

                    long end = clock.ElapsedTicks;
                    if (start < measureFrom || end > measureTo)
                    {
                        continue;
                    }

                    if (ok)
                    {
                        latencies.Add((end - start) * 1000.0 / Stopwatch.Frequency);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            });
        }

        await Task.WhenAll(loops);
        double[] all = [.. perLoop.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult(all.Length, errors, duration.TotalSeconds, all);
    }
}
