using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using JobPipeline.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace FunctionsApp.Telemetry;

/// <summary>The Functions app's OpenTelemetry, registered by Program.cs (and by the tests that host its functions).</summary>
public static class FunctionsAppTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// JobPipeline's traces, metrics and logs (OTLP when <c>JobPipeline:Telemetry:OtlpEndpoint</c> is set), and Azure
    /// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the Bicep in <c>infra/</c> sets it), signed in
    /// with the managed identity that <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names, if any: Application Insights
    /// there has local authentication off, as for the Functions host itself.
    /// </summary>
    public static OpenTelemetryBuilder AddFunctionsAppTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        OpenTelemetryBuilder telemetry = services.AddJobPipelineTelemetry(configuration, "FunctionsApp");
        if (configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } appInsights)
        {
            string? clientId = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Split(';')
                .FirstOrDefault(p => p.StartsWith("ClientId=", StringComparison.Ordinal))?["ClientId=".Length..];
            telemetry.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = appInsights;
                if (clientId is not null)
                {
                    o.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        return telemetry;
    }
}
