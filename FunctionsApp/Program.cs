using FunctionsApp.Engine;
using JobPipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpContext, so JobsApi's handlers run unchanged.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddJobPipeline();
builder.Services.AddDurableJobEngine();

// Body limits are JobPipeline's own (JobPipeline:MaxRequestBodyBytes), checked the same way in every host; the
// worker's Kestrel must not cut a large document off first (the Functions host has its own limit, see docs/functions.md).
builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = null);

builder.Build().Run();
