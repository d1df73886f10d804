using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobPipeline.Processing;

/// <summary>Registers job types.</summary>
public static class ProcessingServiceCollectionExtensions
{
    /// <summary>Registers a job type; its <see cref="IJobProcessor.Type"/> becomes a valid <c>type</c> on submit.</summary>
    public static IServiceCollection AddJobProcessor<TProcessor>(this IServiceCollection services)
        where TProcessor : class, IJobProcessor
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobProcessor, TProcessor>());
        return services;
    }
}
