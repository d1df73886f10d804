using System.Net;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Telemetry;

/// <summary>
/// A collector endpoint on a loopback port (an OTLP collector, an Application Insights ingestion endpoint): records the
/// path and content type of every request it receives and answers 200 with <paramref name="answer"/>; with another
/// <paramref name="status"/>, that status and no body (a storage endpoint under throttling answers 503).
/// </summary>
public sealed class TelemetryReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly SynchronizedList<(string Path, string? ContentType, long Bytes)> _received = new();
    private readonly Task _receiving;
    private readonly string _answer;
    private readonly HttpStatusCode _status;

    public TelemetryReceiver(string answer = "", HttpStatusCode status = HttpStatusCode.OK)
    {
        _answer = answer;
        _status = status;
        Port = FreePort.Next();

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _receiving = ReceiveAsync();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The requests received so far.</summary>
    public (string Path, string? ContentType, long Bytes)[] Received => _received.Snapshot();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _receiving;
        _listener.Close();
    }

    private async Task ReceiveAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.Length));
            context.Response.StatusCode = (int)_status;
            if (_status != HttpStatusCode.OK)
            {
                context.Response.Close();
                continue;
            }

            byte[] answer = System.Text.Encoding.UTF8.GetBytes(_answer);
            context.Response.ContentType = _answer.Length > 0 ? "application/json" : "application/x-protobuf";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}
