using FunctionsApp;
using FunctionsApp.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpContext, so JobsApi's handlers run unchanged.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddFunctionsApp();

// OpenTelemetry (OTLP when JobPipeline:Telemetry:OtlpEndpoint is set) and Azure Monitor when the app has Application Insights.
builder.Services.AddFunctionsAppTelemetry(builder.Configuration);

builder.Build().Run();
