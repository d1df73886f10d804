using FunctionsApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Azure.Monitor.OpenTelemetry.Exporter;
using JobPipeline.Telemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpContext, so JobsApi's handlers run unchanged.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddFunctionsApp();

// OpenTelemetry (OTLP when JobPipeline:Telemetry:OtlpEndpoint is set) and Azure Monitor when the app has Application Insights.
OpenTelemetryBuilder telemetry = builder.Services.AddJobPipelineTelemetry(builder.Configuration, "FunctionsApp");
if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } appInsights)
{
    // Application Insights with local authentication off (infra/) takes the app's managed identity, as the Functions host does.
    string? clientId = builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Split(';')
        .FirstOrDefault(p => p.StartsWith("ClientId=", StringComparison.Ordinal))?["ClientId=".Length..];
    telemetry.UseAzureMonitorExporter(o =>
    {
        o.ConnectionString = appInsights;
        if (clientId is not null)
        {
            o.Credential = new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
    });
}

builder.Build().Run();
