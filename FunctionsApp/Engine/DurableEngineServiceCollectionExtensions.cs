using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsApp.Engine;

/// <summary>Registers the Durable Functions engine.</summary>
public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>Adds <see cref="DurableJobEngine"/> as the <see cref="IJobEngine"/> of JobPipeline, its <see cref="DurableEngineOptions"/> and the <see cref="DeferredJobs"/> of its wake-ups.</summary>
    public static IServiceCollection AddDurableJobEngine(this IServiceCollection services)
    {
        services.AddOptions<DurableEngineOptions>()
            .BindConfiguration(DurableEngineOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IJobEngine, DurableJobEngine>();
        services.AddSingleton<DeferredJobs>();
        return services;
    }
}
