using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// Requests Kestrel itself cannot read (a malformed chunk, a body that trickles in below the minimum data rate) are the
/// client's fault: 400 or 408 with the envelope, not a 503 storage outage. TestServer has no Kestrel, so these run
/// against the real server process over a raw socket.
/// </summary>
public sealed class HttpFramingTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(CrashSafetyTests.ServerSettings(await Azurite.Shared), hostingStartupAssembly: null);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> BadChunks => new()
    {
        // The first read of the body fails: the handler sees the fault itself.
        { "bad chunk size first", "zz\r\nhello\r\n0\r\n\r\n" },
        // A good first chunk, then a bad one: the fault surfaces while storage is reading the body (the SDK wraps it).
        { "bad chunk size after a good chunk", "5\r\nhello\r\n" + new string('x', 64) + "\r\n" },
        { "chunk longer than announced", "3\r\nhello\r\n0\r\n\r\n" },
        { "chunk size with a sign", "-5\r\nhello\r\n0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(BadChunks))]
    public async Task A_malformed_chunk_answers_400_with_the_envelope_not_a_storage_outage(string name, string chunks)
    {
        string head = "POST /api/jobs/redact HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            $"x-api-key: {PipelineFactory.KeyA}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";

        RawResponse response = await SendAsync(head + chunks, holdOpen: false);

        Assert.True(response.Status == 400, $"{name}: {response.Status} {response.Body}");
        AssertEnvelope(response, "BAD_REQUEST");
        Assert.Empty(await ListedJobsAsync());
        Assert.DoesNotContain(_server.Output.ToArray(), line => line.Contains("Storage unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_trickles_in_below_the_minimum_data_rate_answers_408_with_the_envelope()
    {
        // 16 bytes of an announced 1 MB, then nothing: Kestrel's minimum rate (240 bytes/s after a 5 s grace) trips.
        string head = "POST /api/jobs/redact HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            $"x-api-key: {PipelineFactory.KeyA}\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n" + new string('a', 16);

        RawResponse response = await SendAsync(head, holdOpen: true);

        Assert.True(response.Status == 408, $"{response.Status} {response.Body}");
        AssertEnvelope(response, "REQUEST_TIMEOUT");
        Assert.Empty(await ListedJobsAsync());
        Assert.DoesNotContain(_server.Output.ToArray(), line => line.Contains("Storage unavailable", StringComparison.Ordinal));
    }

    private static void AssertEnvelope(RawResponse response, string code)
    {
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        JsonObject error = JsonNode.Parse(response.Body)!["error"]!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal(response.Header("x-request-id"), error["request_id"]!.GetValue<string>());
    }

    private async Task<JsonArray> ListedJobsAsync()
    {
        using var client = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", PipelineFactory.KeyA);
        return (await (await client.GetAsync(new Uri("/api/jobs", UriKind.Relative))).ReadJsonAsync())["data"]!.AsArray();
    }

    /// <summary>Sends raw bytes and reads one response (headers, then a body of Content-Length or up to the close).</summary>
    private async Task<RawResponse> SendAsync(string request, bool holdOpen)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", _server.Port, timeout.Token);
        NetworkStream stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        if (!holdOpen)
        {
            await stream.FlushAsync(timeout.Token);
        }

        var received = new MemoryStream();
        byte[] buffer = new byte[8192];
        while (true)
        {
            int read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (RawResponse.TryParse(received.ToArray(), out RawResponse? complete))
            {
                return complete;
            }
        }

        return RawResponse.TryParse(received.ToArray(), out RawResponse? last, connectionClosed: true)
            ? last
            : throw new InvalidOperationException($"No complete response: {Encoding.ASCII.GetString(received.ToArray())}");
    }

    private sealed record RawResponse(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        public static bool TryParse(byte[] data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RawResponse? response, bool connectionClosed = false)
        {
            response = null;
            int end = data.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return false;
            }

            string[] lines = Encoding.ASCII.GetString(data, 0, end).Split("\r\n");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon]] = line[(colon + 1)..].Trim();
            }

            int bodyStart = end + 4;
            if (headers.TryGetValue("Content-Length", out string? lengthText))
            {
                int length = int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture);
                if (data.Length - bodyStart < length)
                {
                    return false;
                }

                response = new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(data, bodyStart, length));
                return true;
            }

            if (!connectionClosed)
            {
                return false;
            }

            response = new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(data, bodyStart, data.Length - bodyStart));
            return true;
        }
    }
}
