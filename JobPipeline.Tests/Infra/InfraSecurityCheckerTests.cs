using System.Text.Json.Nodes;
using static JobPipeline.Tests.Infra.InfraSecurityChecker;

namespace JobPipeline.Tests.Infra;

public sealed class InfraSecurityCheckerTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    [Fact]
    public void The_real_template_breaks_no_rule()
    {
        IReadOnlyList<InfraViolation> violations = Check(infra.Main);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("AZURE_KEY_VAULT_NAME", null)]
    [InlineData("keyVaultName", null)]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME", null)]
    [InlineData("monkeyName", null)]
    [InlineData("apiKey", Rules.OutputSecretName)]
    [InlineData("AZURE_STORAGE_KEY", Rules.OutputSecretName)]
    [InlineData("storageConnectionString", Rules.OutputSecretName)]
    [InlineData("vaultSecrets", Rules.OutputSecretName)]
    [InlineData("resultSas", Rules.OutputSecretName)]
    public void An_output_name_that_says_it_carries_a_credential_is_caught(string name, string? rule)
    {
        JsonNode template = infra.Main.DeepClone();
        template["outputs"]![name] = new JsonObject { ["type"] = "string", ["value"] = "[variables('names').storage]" };

        IReadOnlyList<InfraViolation> violations = Check(template);

        Assert.Equal(rule is null ? [] : [rule], violations.Select(v => v.Rule).Distinct());
    }

    [Theory]
    [InlineData("securestring", "[variables('names').storage]", Rules.OutputSecureType)]
    [InlineData("string", "[parameters('vaultMasterKey')]", Rules.OutputSecretValue)]
    [InlineData("string", "[reference('monitoring').outputs.connectionString.value]", Rules.OutputSecretValue)]
    [InlineData("string", "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2026-06-01').keys[0].value]", Rules.OutputSecretValue)]
    public void An_output_whose_type_or_value_carries_a_secret_is_caught(string type, string value, string rule)
    {
        JsonNode template = infra.Main.DeepClone();
        template["outputs"]!["storageAccount"] = new JsonObject { ["type"] = type, ["value"] = value };

        IReadOnlyList<InfraViolation> violations = Check(template);

        Assert.Contains(violations, v => v.Rule == rule && v.Location.EndsWith("#outputs.storageAccount", StringComparison.Ordinal));
    }
}
