using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobPipeline.Telemetry;

/// <summary>OpenTelemetry for a host of JobPipeline: the same sources, meters and exporters in both hosts.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers OpenTelemetry tracing (JobPipeline's spans, ASP.NET Core's request spans, the Azure SDK's storage
    /// spans), metrics (JobPipeline's meter, ASP.NET Core's) and logs with their scopes, exported over OTLP when
    /// <see cref="TelemetryOptions.OtlpEndpoint"/> is set in <paramref name="configuration"/>. Returns the builder, for
    /// a host's own exporters.
    /// </summary>
    public static OpenTelemetryBuilder AddJobPipelineTelemetry(this IServiceCollection services, IConfiguration configuration, string hostName)
    {
        services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The Azure SDK's own spans of every storage call (still behind a switch in Azure.Core).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        // Whether to export is decided here, from the configuration (the options are validated again at start).
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.Section).Bind(options);
        OtlpExporterOptions? traces = Otlp(options, "v1/traces");
        OtlpExporterOptions? metrics = Otlp(options, "v1/metrics");
        OtlpExporterOptions? logs = Otlp(options, "v1/logs");
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(hostName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(JobTelemetry.SourceName, "Azure.Data.Tables.*", "Azure.Storage.*")
                    .AddAspNetCoreInstrumentation(o => o.RecordException = false);
                if (traces is not null)
                {
                    tracing.AddOtlpExporter(o => Copy(traces, o));
                }
            })
            .WithMetrics(meters =>
            {
                meters.AddMeter(JobTelemetry.SourceName).AddAspNetCoreInstrumentation();
                if (metrics is not null)
                {
                    meters.AddOtlpExporter(o => Copy(metrics, o));
                }
            })
            .WithLogging(
                logging =>
                {
                    if (logs is not null)
                    {
                        logging.AddOtlpExporter(o => Copy(logs, o));
                    }
                },
                o =>
                {
                    o.IncludeScopes = true;
                    o.IncludeFormattedMessage = true;
                });
    }

    private static void Copy(OtlpExporterOptions from, OtlpExporterOptions to)
    {
        to.Endpoint = from.Endpoint;
        to.Protocol = from.Protocol;
    }

    /// <summary>The OTLP exporter's options for one signal (<paramref name="signalPath"/> is added to an HTTP endpoint), or null when OTLP is off.</summary>
    private static OtlpExporterOptions? Otlp(TelemetryOptions options, string signalPath)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return null;
        }

        bool http = options.OtlpProtocol == "http/protobuf";
        return new OtlpExporterOptions
        {
            Endpoint = http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : endpoint,
            Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
        };
    }
}
