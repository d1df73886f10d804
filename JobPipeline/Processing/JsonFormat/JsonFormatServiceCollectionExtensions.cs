using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Processing.JsonFormat;

/// <summary>Registers the <c>json.format</c> job type.</summary>
public static class JsonFormatServiceCollectionExtensions
{
    /// <summary>Adds the <c>json.format</c> job type, which formats or minifies JSON text.</summary>
    public static IServiceCollection AddJsonFormat(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddJobProcessor<JsonFormatProcessor>();
    }
}
