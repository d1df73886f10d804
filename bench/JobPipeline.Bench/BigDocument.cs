using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// One big raw document (default 100 MB of text/plain with personal data sprinkled in) through
/// <c>POST /api/jobs/{type}</c>: how much the server's peak resident memory grows while it uploads, processes and
/// stores it (from <c>/proc/&lt;pid&gt;/status</c>).
/// </summary>
public static class BigDocument
{
    public static async Task MeasureAsync(BenchServer server, BenchOptions options, BenchReport report)
    {
        string type = server.Types.Contains(options.DocumentType) ? options.DocumentType : "bench.echo";
        if (type != options.DocumentType)
        {
            Console.WriteLine($"  note: job type '{options.DocumentType}' is not on this build; measuring the pipeline with bench.echo (streams input to result)");
        }

        // Warm up the paths (JIT, pools) with a small document, so the figure is the document's, not first use.
        await RunAsync(server, type, 1);
        await Task.Delay(1000);
        long rssBefore = server.Process.StatusKilobytes("VmRSS") ?? 0;
        long peakBefore = server.Process.StatusKilobytes("VmHWM") ?? 0;
        (double seconds, JsonObject job) = await RunAsync(server, type, options.DocumentMegabytes);
        long peakAfter = server.Process.StatusKilobytes("VmHWM") ?? 0;
        double growthMb = (peakAfter - rssBefore) / 1024.0;
        string status = job["status"]!.GetValue<string>();
        if (job["error"] is { } error)
        {
            status += $" ({error["code"]}: {error["message"]} {error["details"]?.ToJsonString()})";
        }
        report.Add(new(
            $"{options.DocumentMegabytes} MB raw document ({type}, text/plain)",
            $"peak RSS growth {F(growthMb)} MB (RSS before {F(rssBefore / 1024.0)} MB, peak before {F(peakBefore / 1024.0)} MB, peak after {F(peakAfter / 1024.0)} MB); {status} in {F(seconds, "0.0")} s ({F(options.DocumentMegabytes / seconds, "0.0")} MB/s submit→completed)",
            "", "", "growth ≤ 150 MB",
            growthMb <= 150 && status == "completed"));
    }

    private static async Task<(double Seconds, JsonObject Job)> RunAsync(BenchServer server, string type, int megabytes)
    {
        long start = Stopwatch.GetTimestamp();
        using var content = new StreamContent(new GeneratedText(megabytes * 1024L * 1024), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using HttpResponseMessage response = await server.Client.PostAsync(new Uri($"/api/jobs/{type}", UriKind.Relative), content);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Submit of the document answered {(int)response.StatusCode}: {body}");
        }

        string id = JsonNode.Parse(body)!["job_id"]!.GetValue<string>();
        JsonObject job = await server.WaitAsync(id, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(250));
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, job);
    }

    /// <summary>
    /// Lines of text with an e-mail address, a phone number, an IBAN and an IP address in two lines of eight (about
    /// 0.6 million findings in 100 MB, under redact's limit of a million), generated as read.
    /// </summary>
    private sealed class GeneratedText(long length) : Stream
    {
        private static readonly byte[][] Lines =
        [
            Encoding.UTF8.GetBytes("The quarterly report was sent to the board on Monday and discussed at length.\n"),
            Encoding.UTF8.GetBytes("Please contact jane.doe@example.com or call +44 20 7946 0958 about invoice 4471.\n"),
            Encoding.UTF8.GetBytes("Nothing of note happened in this paragraph, which is deliberately plain and long.\n"),
            Encoding.UTF8.GetBytes("Payment goes to GB82 WEST 1234 5698 7654 32 from 10.1.2.3 before the end of month.\n"),
            Encoding.UTF8.GetBytes("Minutes were approved without changes and the meeting closed at half past four.\n"),
            Encoding.UTF8.GetBytes("The committee will meet again next quarter to review the budget and the plan.\n"),
            Encoding.UTF8.GetBytes("Attendance was good, and the coffee, as usual, ran out well before the break.\n"),
            Encoding.UTF8.GetBytes("Nothing else was raised; the chair thanked everyone for their time and work.\n"),
        ];

        private long _position;
        private int _line;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int written = 0;
            while (written < buffer.Length && _position < length)
            {
                byte[] line = Lines[_line % Lines.Length];
                int n = (int)Math.Min(Math.Min(line.Length - _offset, buffer.Length - written), length - _position);
                line.AsSpan(_offset, n).CopyTo(buffer[written..]);
                written += n;
                _position += n;
                _offset += n;
                if (_offset == line.Length)
                {
                    _offset = 0;
                    _line++;
                }
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
