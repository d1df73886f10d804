using JobPipeline.Processing.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Processing.Extract;

/// <summary>Registers the <c>extract</c> job type.</summary>
public static class ExtractServiceCollectionExtensions
{
    /// <summary>Adds the <c>extract</c> processor and the <see cref="DocumentOptions"/> it reads documents under.</summary>
    public static IServiceCollection AddExtract(this IServiceCollection services)
    {
        services.AddJobProcessor<ExtractProcessor>();
        services.AddOptions<DocumentOptions>()
            .BindConfiguration(DocumentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
