using System.Diagnostics;
using JobPipeline.Telemetry;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace JobPipeline.Tests.Telemetry;

/// <summary>The OTLP exporter, switched on and pointed by configuration (<c>JobPipeline:Telemetry</c>), as in both hosts.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_configured_OTLP_HTTP_endpoint_receives_the_spans_at_the_signals_path()
    {
        await using var collector = new TelemetryReceiver();
        using ServiceProvider services = Services(new()
        {
            ["JobPipeline:Telemetry:OtlpEndpoint"] = collector.Endpoint.AbsoluteUri,
            ["JobPipeline:Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        TracerProvider tracing = services.GetRequiredService<TracerProvider>();

        using (Activity? span = JobTelemetry.Source.StartActivity("otlp test"))
        {
            Assert.NotNull(span);
        }

        await Leftovers.UntilAsync(() => Task.FromResult(tracing.ForceFlush() && collector.Received.Any(r => r.Path == "/v1/traces")), "the spans at the collector");
        Assert.All(collector.Received.Where(r => r.Path == "/v1/traces"), r => Assert.Equal("application/x-protobuf", r.ContentType));
    }

    [Theory]
    [InlineData("JobPipeline:Telemetry:OtlpProtocol", "http/json")]
    [InlineData("JobPipeline:Telemetry:OtlpEndpoint", "collector:4317")]
    public void A_wrong_OTLP_setting_fails_the_validation_at_start(string key, string value)
    {
        using ServiceProvider services = Services(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TelemetryOptions>>().Value);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddJobPipelineTelemetry(configuration, "otlp-test");
        return services.BuildServiceProvider();
    }
}
