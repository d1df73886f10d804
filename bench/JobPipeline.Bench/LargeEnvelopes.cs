using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// Twelve JSON envelopes of 16 MiB (the default <c>MaxEnvelopeBytes</c>) posted to <c>POST /api/jobs</c> at once: the
/// server's resident memory before, at its peak, and settled 15 s after the last answer (from <c>/proc/&lt;pid&gt;/status</c>),
/// and how the envelopes were answered (202, or a clean 503 with <c>Retry-After</c> when the server is at its budget of
/// large bodies in flight).
/// </summary>
public static class LargeEnvelopes
{
    private const int Count = 12;
    private const int EnvelopeBytes = 16 * 1024 * 1024;

    public static async Task MeasureAsync(BenchServer server, BenchReport report)
    {
        byte[] envelope = Envelope();

        // Warm up the path (JIT, pools) with one small envelope, so the figure is the envelopes', not first use.
        using (var warm = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"type":"bench.echo","input":{"text":"warm"}}""")))
        {
            warm.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            (await server.Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), warm)).Dispose();
        }

        await Task.Delay(2000);
        long rssBefore = server.Process.StatusKilobytes("VmRSS") ?? 0;
        long peakBefore = server.Process.StatusKilobytes("VmHWM") ?? 0;
        long start = Stopwatch.GetTimestamp();
        HttpStatusCode[] answers = await Task.WhenAll(Enumerable.Range(0, Count).Select(async _ =>
        {
            using var content = new ByteArrayContent(envelope);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await server.Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
            return response.StatusCode;
        }));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long peakAfter = server.Process.StatusKilobytes("VmHWM") ?? 0;
        await Task.Delay(15_000);
        long settled = server.Process.StatusKilobytes("VmRSS") ?? 0;
        string statuses = string.Join(", ", answers.GroupBy(a => (int)a).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {g.Key}"));
        bool clean = answers.All(a => a is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable);
        report.Add(new(
            $"{Count} concurrent 16 MiB envelopes (POST /api/jobs)",
            $"RSS before {F(rssBefore / 1024.0)} MB, peak {F(Math.Max(peakAfter, peakBefore) / 1024.0)} MB (growth {F((peakAfter - rssBefore) / 1024.0)} MB), settled after 15 s {F(settled / 1024.0)} MB; answers {statuses} in {F(seconds, "0.0")} s",
            "", "", "peak growth ≤ 400 MB, only 202/503",
            clean && (peakAfter - rssBefore) / 1024.0 <= 400));
    }

    private static byte[] Envelope()
    {
        // Plain prose with some personal data, as a redact client would send it, filling the envelope to its maximum.
        const string line = "Please contact jane.doe@example.com or call +44 20 7946 0958 about invoice 4471. ";
        string head = """{"type":"redact","input":{"text":" """.TrimEnd();
        const string tail = "\"}}";
        var text = new StringBuilder(EnvelopeBytes);
        while (text.Length + line.Length < EnvelopeBytes - head.Length - tail.Length)
        {
            text.Append(line);
        }

        return Encoding.UTF8.GetBytes(head + text + tail);
    }
}
