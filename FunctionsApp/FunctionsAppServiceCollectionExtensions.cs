using FunctionsApp.Engine;
using JobPipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsApp;

/// <summary>The services of the Functions app, registered by Program.cs (and by the tests that host its functions).</summary>
public static class FunctionsAppServiceCollectionExtensions
{
    /// <summary>JobPipeline with <see cref="DurableJobEngine"/> as its engine, and the worker's Kestrel body limit lifted.</summary>
    public static IServiceCollection AddFunctionsApp(this IServiceCollection services)
    {
        services.AddJobPipeline();
        services.AddDurableJobEngine();

        // Body limits are JobPipeline's own (JobPipeline:MaxRequestBodyBytes), checked the same way in every host; the
        // worker's Kestrel must not cut a large document off first (the Functions host has its own limit, see docs/functions.md).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        return services;
    }
}
