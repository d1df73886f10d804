using JobPipeline;
using JobPipeline.Http;
using JobPipeline.Server.Engine;
using JobPipeline.Telemetry;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddJobPipeline();
builder.Services.AddQueueEngine();
builder.Services.AddJobPipelineTelemetry(builder.Configuration, "JobPipeline.Server");
builder.Services.AddHostedService<JobPipeline.Server.Retention.RetentionTimer>();

// Body limits are JobPipeline's own (JobPipeline:MaxRequestBodyBytes), checked the same way in every host.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);

WebApplication app = builder.Build();
app.UseStatusCodePages(context => ErrorResponse.WriteForStatusAsync(context.HttpContext));
app.MapJobPipelineApi();
app.Run();

/// <summary>The server's entry point (public for <c>WebApplicationFactory</c> in tests).</summary>
public partial class Program;
