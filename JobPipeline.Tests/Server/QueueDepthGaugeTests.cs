using System.Diagnostics.Metrics;
using JobPipeline.Telemetry;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>
/// <c>jobpipeline.queue.depth</c>: the server's job queue as it is. Read from this host's own meter (a
/// <see cref="MetricCollector{T}"/> on its <see cref="IMeterFactory"/>): an exporter in the test process hears every
/// host's meter of the same name, and OpenTelemetry ends the metric stream they share when any of those hosts stops.
/// </summary>
public sealed class QueueDepthGaugeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_gauge_reports_the_jobs_waiting_in_the_servers_queue()
    {
        // No worker: the jobs stay in the queue.
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, output: output);
        HttpClient client = server.Client();
        using var depth = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), JobTelemetry.SourceName, "jobpipeline.queue.depth");

        for (int i = 0; i < 3; i++)
        {
            await client.SubmitIdAsync("test.echo", new { text = "waiting " + i });
        }

        // The gauge answers from a count it fetches in the background when it is read: read until that count has come.
        await Leftovers.UntilAsync(
            () =>
            {
                depth.RecordObservableInstruments();
                return Task.FromResult(depth.LastMeasurement is { Value: >= 3 });
            },
            "the gauge to report the three waiting jobs");

        Assert.Equal(3, depth.LastMeasurement!.Value);
        Assert.Equal(server.Setting("JobPipeline:Storage:QueueName"), depth.LastMeasurement.Tags["messaging.destination.name"]);
    }
}
