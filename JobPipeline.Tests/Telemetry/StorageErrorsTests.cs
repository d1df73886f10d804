using System.Net;
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
        int port = FreePort.Next(); // nothing listens there: connections are refused

        long counted = await CountedAsync(port, status: 0);

        Assert.True(counted >= 1, $"counted {counted}");
    }

    [Fact]
    public async Task Every_attempt_answered_503_is_counted_also_those_the_retries_hide()
    {
        // A storage endpoint that answers every request 503, as a storage account under throttling does.
        await using var storage = new TelemetryReceiver(status: HttpStatusCode.ServiceUnavailable);

        // One call is an attempt and three retries (JobPipeline:Storage:MaxRetries): each counts.
        long counted = await CountedAsync(storage.Port, status: 503, atLeast: 4);

        Assert.InRange(counted, 4, storage.Received.Length);
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
}
