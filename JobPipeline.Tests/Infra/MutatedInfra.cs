using System.Text.Json.Nodes;

namespace JobPipeline.Tests.Infra;

/// <summary>
/// Copies of infra/, each with one mutation, all compiled in one Bicep CLI run: mutant "name" is built from
/// name/main.bicep. Used to show that the security checker catches what each mutation breaks.
/// </summary>
public sealed class MutatedInfra : IAsyncLifetime
{
    private const string UnusedRole = "acdd72a7-3385-48ef-bd42-f606fba81ae7"; // Reader: grants no data access

    /// <summary>The mutations, by name, with the one rule each must trip.</summary>
    public static readonly IReadOnlyDictionary<string, (InfraMutation Mutation, string Rule)> Cases =
        new Dictionary<string, (InfraMutation, string)>
        {
            ["shared-key-on"] = (new("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true"), InfraSecurityChecker.Rules.StorageSharedKeyAccess),
            ["http-storage"] = (new("modules/storage.bicep", "supportsHttpsTrafficOnly: true", "supportsHttpsTrafficOnly: false"), InfraSecurityChecker.Rules.StorageHttpsOnly),
            ["tls-1-0"] = (new("modules/storage.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'"), InfraSecurityChecker.Rules.StorageMinimumTls),
            ["public-blobs"] = (new("modules/storage.bicep", "allowBlobPublicAccess: false", "allowBlobPublicAccess: true"), InfraSecurityChecker.Rules.StorageBlobPublicAccess),
            ["http-app"] = (new("modules/functionapp.bicep", "httpsOnly: true", "httpsOnly: false"), InfraSecurityChecker.Rules.FunctionAppHttpsOnly),
            ["no-identity"] = (new("modules/functionapp.bicep", "type: 'UserAssigned'\n", "type: 'None'\n"), InfraSecurityChecker.Rules.FunctionAppIdentity),
            ["host-storage-connection-string"] = (new("modules/functionapp.bicep", "AzureWebJobsStorage__accountName: storage.name", "AzureWebJobsStorage: storage.name"), InfraSecurityChecker.Rules.FunctionAppHostStorageIdentity),
            ["no-blob-delegator"] = (new("modules/storage.bicep", "'Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'", $"'Microsoft.Authorization/roleDefinitions', '{UnusedRole}'"), InfraSecurityChecker.Rules.RoleMissing),
            ["no-table-role"] = (new("modules/storage.bicep", "'Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", $"'Microsoft.Authorization/roleDefinitions', '{UnusedRole}'"), InfraSecurityChecker.Rules.RoleMissing),
            ["no-secrets-user"] = (new("modules/keyvault.bicep", "'Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6'", $"'Microsoft.Authorization/roleDefinitions', '{UnusedRole}'"), InfraSecurityChecker.Rules.RoleMissing),
            ["vault-access-policies"] = (new("modules/keyvault.bicep", "enableRbacAuthorization: true", "enableRbacAuthorization: false"), InfraSecurityChecker.Rules.KeyVaultRbac),
            ["vault-purgeable"] = (new("modules/keyvault.bicep", "enablePurgeProtection: true", "enablePurgeProtection: false"), InfraSecurityChecker.Rules.KeyVaultPurgeProtection),
            ["account-key-setting"] = (new("main.bicep", "TaskHubName: taskHubName", "TaskHubName: taskHubName\n      LegacyStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=bm90LWEta2V5'"), InfraSecurityChecker.Rules.StorageKeyInTemplate),
            ["list-keys-setting"] = (new("modules/functionapp.bicep", "AZURE_CLIENT_ID: identityClientId", "AZURE_CLIENT_ID: identityClientId\n  LegacyStorageKey: storage.listKeys().keys[0].value"), InfraSecurityChecker.Rules.ListFunctionInTemplate),
        };

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"jobpipeline-infra-mutants-{Guid.NewGuid():N}");

    public BicepRun Build { get; private set; } = null!;

    /// <summary>Compiled main template of each mutant, by name; missing where it did not compile.</summary>
    public IReadOnlyDictionary<string, JsonNode> Templates { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string sources = Path.Combine(_root, "src");
        string output = Path.Combine(_root, "out");
        foreach ((string name, (InfraMutation mutation, _)) in Cases)
        {
            string copy = Path.Combine(sources, name);
            CompiledInfra.CopyTo(copy);
            mutation.ApplyTo(copy);
        }

        Build = await BicepCli.BuildAllAsync(sources, output, pattern: "*/main.bicep");
        Templates = Cases.Keys
            .Select(name => (name, file: Path.Combine(output, name, "main.json")))
            .Where(m => File.Exists(m.file))
            .ToDictionary(m => m.name, m => JsonNode.Parse(File.ReadAllText(m.file))!);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
