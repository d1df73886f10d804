using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class RedactionRegistrationTests
{
    [Fact]
    public void AddRedaction_registers_the_processor_with_options_from_configuration()
    {
        ServiceCollection services = Services(new() { ["JobPipeline:Redaction:HashKey"] = Redaction.DevelopmentHashKey, ["JobPipeline:Redaction:DefaultRegion"] = "GB" });

        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Contains(provider.GetServices<IJobProcessor>(), p => p is RedactProcessor { Type: "redact" });
        Assert.Equal("GB", provider.GetRequiredService<IOptions<RedactionOptions>>().Value.DefaultRegion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void A_missing_or_short_hash_key_is_refused(string? hashKey)
    {
        ServiceCollection services = Services(new() { ["JobPipeline:Redaction:HashKey"] = hashKey });

        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedactionOptions>>().Value);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRedaction();
        return services;
    }
}
