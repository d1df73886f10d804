using JobPipeline.Telemetry;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using JobPipeline.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary><c>jobpipeline.queue.depth</c>, read from OpenTelemetry's in-memory exporter: the server's job queue as it is.</summary>
public sealed class QueueDepthGaugeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_gauge_reports_the_jobs_waiting_in_the_servers_queue()
    {
        var metrics = new SynchronizedList<MetricSnapshot>();
        // No worker: the jobs stay in the queue.
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" },
            services => services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(JobTelemetry.SourceName).AddInMemoryExporter(metrics)),
            output);
        HttpClient client = server.Client();
        string queue = server.Setting("JobPipeline:Storage:QueueName");
        MeterProvider provider = server.Services.GetRequiredService<MeterProvider>();

        for (int i = 0; i < 3; i++)
        {
            await client.SubmitIdAsync("test.echo", new { text = "waiting " + i });
        }

        // The gauge answers from a count fetched in the background when it is read: read until that count has come.
        long depth = -1;
        await Leftovers.UntilAsync(
            () =>
            {
                metrics.Clear();
                provider.ForceFlush();
                depth = ExportedMetrics.Points(metrics, "jobpipeline.queue.depth", "messaging.destination.name", queue)
                    .Select(p => p.GetGaugeLastValueLong())
                    .DefaultIfEmpty(-1)
                    .Last();
                return Task.FromResult(depth >= 3);
            },
            "the gauge to report the three waiting jobs");

        Assert.Equal(3, depth);
    }
}
