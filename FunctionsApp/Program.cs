using FunctionsApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers receive the real HttpContext, so JobsApi's handlers run unchanged.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddFunctionsApp();

builder.Build().Run();
