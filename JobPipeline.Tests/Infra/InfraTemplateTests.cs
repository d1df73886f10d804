using System.Text.Json.Nodes;

namespace JobPipeline.Tests.Infra;

/// <summary>The shape of JobPipeline's deployment, read from the compiled templates: what the app runs on and what it is told.</summary>
public sealed class InfraTemplateTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    /// <summary>The app settings JobPipeline reads (README.md, "Configuration"), as the main template passes them.</summary>
    public static readonly string[] JobPipelineSettings =
    [
        "TaskHubName",
        "RetentionSchedule",
        "JobPipeline__Storage__BlobServiceUri",
        "JobPipeline__Storage__TableServiceUri",
        "JobPipeline__Storage__QueueServiceUri",
        "JobPipeline__ApiKeys__0__Tenant",
        "JobPipeline__ApiKeys__0__KeySha256",
        "JobPipeline__Vault__MasterKey",
        "JobPipeline__Redaction__HashKey",
        "JobPipeline__Retention",
        "JobPipeline__SasLifetime",
        "JobPipeline__InlineResultMaxBytes",
    ];

    /// <summary>The settings of the Functions host itself, set by the function app module.</summary>
    public static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_CLIENT_ID",
    ];

    private JsonNode Module(string name) => infra.Main["resources"]![name]!;

    private JsonNode FunctionAppTemplate => Module("functionApp")["properties"]!["template"]!;

    [Fact]
    public void The_app_is_a_flex_consumption_dotnet_isolated_10_function_app_deployed_from_storage_with_its_identity()
    {
        JsonNode plan = FunctionAppTemplate["resources"]!["plan"]!;
        JsonNode site = FunctionAppTemplate["resources"]!["site"]!;
        JsonNode config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("blobContainer", config["deployment"]!["storage"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('identityResourceId')]", site["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.Contains("'azd-service-name', 'api'", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_receives_the_host_settings_and_every_jobpipeline_setting()
    {
        string siteSettings = FunctionAppTemplate["resources"]!["site"]!["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();
        JsonObject passed = Module("functionApp")["properties"]!["parameters"]!["jobPipelineSettings"]!["value"]!.AsObject();

        Assert.All(HostSettings, name => Assert.Contains($"'{name}'", siteSettings, StringComparison.Ordinal));
        Assert.Contains("parameters('jobPipelineSettings')", siteSettings, StringComparison.Ordinal);
        Assert.Equal(JobPipelineSettings.Order(StringComparer.Ordinal), passed.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("[reference('storage').outputs.blobServiceUri.value]", passed["JobPipeline__Storage__BlobServiceUri"]!.GetValue<string>());
        Assert.Equal("[parameters('apiKeyTenant')]", passed["JobPipeline__ApiKeys__0__Tenant"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("JobPipeline__ApiKeys__0__KeySha256", "apiKeySha256")]
    [InlineData("JobPipeline__Vault__MasterKey", "vaultMasterKey")]
    [InlineData("JobPipeline__Redaction__HashKey", "redactionHashKey")]
    public void A_secret_reaches_the_app_as_a_key_vault_reference_to_a_secret_made_from_a_secure_parameter(string setting, string secret)
    {
        JsonNode passed = Module("functionApp")["properties"]!["parameters"]!["jobPipelineSettings"]!["value"]![setting]!;
        JsonNode keyVault = Module("keyVault")["properties"]!["template"]!;
        JsonNode secretResource = keyVault["resources"]![$"{secret}Secret"]!;

        Assert.Equal($"[reference('keyVault').outputs.references.value.{secret}]", passed.GetValue<string>());
        Assert.Equal(
            $"[format('@Microsoft.KeyVault(SecretUri={{0}})', reference('{secret}Secret').secretUri)]",
            keyVault["outputs"]!["references"]!["value"]![secret]!.GetValue<string>());
        Assert.Equal("Microsoft.KeyVault/vaults/secrets", secretResource["type"]!.GetValue<string>());
        Assert.Equal($"[parameters('{secret}')]", secretResource["properties"]!["value"]!.GetValue<string>());
        Assert.Equal("securestring", keyVault["parameters"]![secret]!["type"]!.GetValue<string>());
        Assert.Equal("securestring", infra.Main["parameters"]![secret]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void The_storage_account_gets_the_containers_tables_and_queue_the_app_uses()
    {
        JsonNode storage = Module("storage")["properties"]!["template"]!["resources"]!;
        JsonNode data = infra.Main["variables"]!["data"]!;

        Assert.Equal("jobs", data["jobsContainer"]!.GetValue<string>());
        Assert.Equal("deploymentpackage", data["deploymentContainer"]!.GetValue<string>());
        Assert.Equal("jobs", data["jobsTable"]!.GetValue<string>());
        Assert.Equal("vault", data["vaultTable"]!.GetValue<string>());
        Assert.Equal("jobindex", data["indexTable"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/tableServices/tables", storage["indexTable"]!["type"]!.GetValue<string>());
        Assert.Equal("jobs", data["jobsQueue"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices/containers", storage["jobsContainer"]!["type"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices/containers", storage["deploymentContainer"]!["type"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/tableServices/tables", storage["jobsTable"]!["type"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/tableServices/tables", storage["vaultTable"]!["type"]!.GetValue<string>());
        Assert.Equal("Microsoft.Storage/storageAccounts/queueServices/queues", storage["jobsQueue"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Every_parameter_is_described_and_the_names_default_to_the_resource_groups_location_and_a_unique_suffix()
    {
        JsonObject parameters = infra.Main["parameters"]!.AsObject();

        Assert.All(infra.Templates, template =>
            Assert.All(template.Value["parameters"]?.AsObject() ?? [], parameter =>
                Assert.False(string.IsNullOrWhiteSpace(parameter.Value!["metadata"]?["description"]?.GetValue<string>()), $"{template.Key}: {parameter.Key}")));
        Assert.Equal("[resourceGroup().location]", parameters["location"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[uniqueString(resourceGroup().id)]", parameters["nameSuffix"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void The_main_template_outputs_the_api_url_and_resource_names_only()
    {
        JsonObject outputs = infra.Main["outputs"]!.AsObject();

        Assert.Equal(
            ["APPLICATIONINSIGHTS_NAME", "AZURE_CLIENT_ID", "AZURE_FUNCTION_APP_NAME", "AZURE_KEY_VAULT_NAME", "AZURE_STORAGE_ACCOUNT_NAME", "apiBaseUrl"],
            outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.All(outputs, o => Assert.Equal("string", o.Value!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Webhook_settings_reach_the_app_only_with_callback_origins_and_the_secret_only_as_a_key_vault_reference()
    {
        JsonObject parameters = infra.Main["parameters"]!.AsObject();
        string webhookSettings = Module("functionApp")["properties"]!["parameters"]!["webhookSettings"]!.GetValue<string>();
        string siteSettings = FunctionAppTemplate["resources"]!["site"]!["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();
        JsonNode keyVault = Module("keyVault")["properties"]!["template"]!;
        JsonNode secret = keyVault["resources"]!["webhookSecretSecret"]!;

        Assert.Equal("array", parameters["callbackOrigins"]!["type"]!.GetValue<string>());
        Assert.Empty(parameters["callbackOrigins"]!["defaultValue"]!.AsArray());
        Assert.Equal("securestring", parameters["webhookSecret"]!["type"]!.GetValue<string>());
        Assert.Equal("", parameters["webhookSecret"]!["defaultValue"]!.GetValue<string>());
        Assert.Contains("parameters('webhookSettings')", siteSettings, StringComparison.Ordinal);
        Assert.Equal("[parameters('hasWebhookSecret')]", secret["condition"]!.GetValue<string>());
        Assert.Equal("[parameters('webhookSecret')]", secret["properties"]!["value"]!.GetValue<string>());
        Assert.Contains("format('JobPipeline__ApiKeys__0__CallbackOrigins__{0}', lambdaVariables('i'))", webhookSettings, StringComparison.Ordinal);
        Assert.Contains("parameters('callbackOrigins')[lambdaVariables('i')]", webhookSettings, StringComparison.Ordinal);
        Assert.Contains("createObject('JobPipeline__ApiKeys__0__WebhookSecret', reference('keyVault').outputs.references.value.webhookSecret)", webhookSettings, StringComparison.Ordinal);
        Assert.Contains("fail('callbackOrigins needs webhookSecret", webhookSettings, StringComparison.Ordinal);
        Assert.Equal(
            "[if(not(parameters('hasWebhookSecret')), '', format('@Microsoft.KeyVault(SecretUri={0})', reference('webhookSecretSecret').secretUri))]",
            keyVault["outputs"]!["references"]!["value"]!["webhookSecret"]!.GetValue<string>());
    }
}
