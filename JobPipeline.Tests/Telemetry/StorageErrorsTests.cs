using System.Net;
using System.Net.Sockets;
using System.Diagnostics.Metrics;
using JobPipeline.Telemetry;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Telemetry;

/// <summary>
/// <c>jobpipeline.storage.errors</c> when the server's storage fails: a storage endpoint where nothing listens (no answer),
/// and one that answers every call 503. Read from the host's own meter (see <see cref="Server.QueueDepthGaugeTests"/> for why).
/// </summary>
public sealed class StorageErrorsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_storage_call_that_gets_no_answer_is_counted_with_its_service_and_status_0()
    {
        int port = ClosedPort();

        long counted = await CountedAsync(port, status: 0);

        Assert.True(counted >= 1, $"counted {counted}");
    }

    [Fact]
    public async Task Every_attempt_answered_503_is_counted_also_those_the_retries_hide()
    {
        await using var storage = new UnavailableStorage();

        // One call is an attempt and three retries (JobPipeline:Storage:MaxRetries): each counts.
        long counted = await CountedAsync(storage.Port, status: 503, atLeast: 4);

        Assert.InRange(counted, 4, storage.Answered);
    }

    /// <summary>Starts a server on storage at <paramref name="port"/> and reads how many table errors with <paramref name="status"/> it counts, once there are <paramref name="atLeast"/>.</summary>
    private async Task<long> CountedAsync(int port, int status, long atLeast = 1)
    {
        string endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?>
            {
                ["JobPipeline:Storage:ConnectionString"] =
                    $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};" +
                    $"BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};",
            },
            output: output,
            waitForStorage: false);

        // Started, the server tries again and again to create its tables.
        using var errors = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), JobTelemetry.SourceName, "jobpipeline.storage.errors");
        Func<CollectedMeasurement<long>, bool> table = m => Equals(m.Tags["jobpipeline.storage_service"], "table");
        await Leftovers.UntilAsync(() => Task.FromResult(errors.GetMeasurementSnapshot().Where(table).Sum(m => m.Value) >= atLeast), $"the server to count {atLeast} storage errors");

        IReadOnlyList<CollectedMeasurement<long>> measurements = errors.GetMeasurementSnapshot();
        Assert.All(measurements, m => Assert.Equal(status, m.Tags["http.response.status_code"]));
        Assert.All(measurements, m => Assert.Equal("127.0.0.1", m.Tags["server.address"]));
        Assert.All(measurements, m => Assert.Equal(port, m.Tags["server.port"]));
        return measurements.Where(table).Sum(m => m.Value);
    }

    /// <summary>A loopback port where nothing listens: connections are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A storage endpoint that answers every request <c>503 Server Busy</c>, as a storage account under throttling does.</summary>
    private sealed class UnavailableStorage : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _answering;
        private long _answered;

        public UnavailableStorage()
        {
            Port = ClosedPort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _answering = AnswerAsync();
        }

        public int Port { get; }

        /// <summary>How many requests were answered so far.</summary>
        public long Answered => Interlocked.Read(ref _answered);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _answering;
            _listener.Close();
        }

        private async Task AnswerAsync()
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

                Interlocked.Increment(ref _answered);
                context.Response.StatusCode = 503;
                context.Response.StatusDescription = "Server Busy";
                context.Response.Close();
            }
        }
    }
}
