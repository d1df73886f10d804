using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Processing.Redaction;

/// <summary>Registers the <c>redact</c> job type.</summary>
public static class RedactionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>redact</c> processor and its <see cref="RedactionOptions"/>, bound from <c>JobPipeline:Redaction</c>
    /// and validated when the host starts (a missing or short <c>HashKey</c> stops the host).
    /// </summary>
    public static IServiceCollection AddRedaction(this IServiceCollection services)
    {
        services.AddJobProcessor<RedactProcessor>();
        services.AddOptions<RedactionOptions>()
            .BindConfiguration(RedactionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Documents.DocumentOptions>()
            .BindConfiguration(Documents.DocumentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
