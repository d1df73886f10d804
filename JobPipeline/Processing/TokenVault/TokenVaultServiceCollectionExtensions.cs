using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobPipeline.Processing.TokenVault;

/// <summary>Registers the <c>mask</c> and <c>unmask</c> job types and their token vault.</summary>
public static class TokenVaultServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>mask</c> and <c>unmask</c> (whose inputs and results are sealed at rest with <see cref="Jobs.IJobDataSealer"/>), with <see cref="TokenVaultOptions"/> bound from <c>JobPipeline:Vault</c> and
    /// checked at start. Needs a <see cref="Azure.Data.Tables.TableServiceClient"/> in the container (the core registers one).
    /// </summary>
    public static IServiceCollection AddTokenVault(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TokenVaultOptions>()
            .BindConfiguration(TokenVaultOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<TokenStore>();
        services.TryAddSingleton<Jobs.IJobDataSealer, VaultJobDataSealer>();
        services.AddJobProcessor<MaskProcessor>();
        services.AddJobProcessor<UnmaskProcessor>();
        return services;
    }
}
