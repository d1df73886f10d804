using Azure.Data.Tables;
using JobPipeline.Processing;
using JobPipeline.Processing.TokenVault;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.TokenVault;

public class TokenVaultServiceCollectionExtensionsTests
{
    [Fact]
    public void AddTokenVault_registers_mask_and_unmask_with_options_from_configuration()
    {
        using ServiceProvider provider = Services(new() { ["JobPipeline:Vault:MasterKey"] = TestVault.MasterKey, ["JobPipeline:Vault:TableName"] = "tokens" });

        IEnumerable<IJobProcessor> processors = provider.GetServices<IJobProcessor>();
        TokenVaultOptions options = provider.GetRequiredService<IOptions<TokenVaultOptions>>().Value;

        Assert.Equal(["mask", "unmask"], processors.Select(p => p.Type).Order());
        Assert.Equal("tokens", options.TableName);
    }

    [Fact]
    public void The_table_name_defaults_to_vault()
    {
        using ServiceProvider provider = Services(new() { ["JobPipeline:Vault:MasterKey"] = TestVault.MasterKey });

        TokenVaultOptions options = provider.GetRequiredService<IOptions<TokenVaultOptions>>().Value;

        Assert.Equal("vault", options.TableName);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("not base64!", null)]
    [InlineData("c2hvcnQga2V5", null)] // 9 bytes
    [InlineData(TestVault.MasterKey, "a-b")]
    public void Missing_short_or_malformed_settings_fail_validation(string? masterKey, string? tableName)
    {
        using ServiceProvider provider = Services(new() { ["JobPipeline:Vault:MasterKey"] = masterKey, ["JobPipeline:Vault:TableName"] = tableName });

        Exception exception = Record.Exception(() => provider.GetRequiredService<IOptions<TokenVaultOptions>>().Value);

        Assert.IsType<OptionsValidationException>(exception);
        Assert.DoesNotContain(TestVault.MasterKey, exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(new TableServiceClient("UseDevelopmentStorage=true"));
        services.AddTokenVault();
        return services.BuildServiceProvider();
    }
}
