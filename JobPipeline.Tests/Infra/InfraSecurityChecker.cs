using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JobPipeline.Tests.Infra;

/// <summary>
/// Reads a compiled ARM template (nested module deployments included) and lists every way it breaks JobPipeline's
/// security rules: storage without keys and over TLS 1.2 only, an HTTPS-only function app with a managed identity,
/// no storage key or list*() anywhere, the data-plane roles the app needs scoped to the storage account, Key Vault
/// on RBAC with purge protection, and outputs that carry no secret. An empty list means the template passes.
/// </summary>
public static partial class InfraSecurityChecker
{
    public static class Rules
    {
        public const string StorageAccountMissing = "storage.missing";
        public const string StorageSharedKeyAccess = "storage.allowSharedKeyAccess";
        public const string StorageHttpsOnly = "storage.supportsHttpsTrafficOnly";
        public const string StorageMinimumTls = "storage.minimumTlsVersion";
        public const string StorageBlobPublicAccess = "storage.allowBlobPublicAccess";
        public const string FunctionAppMissing = "site.missing";
        public const string FunctionAppHttpsOnly = "site.httpsOnly";
        public const string FunctionAppIdentity = "site.identity";
        public const string FunctionAppHostStorageIdentity = "site.hostStorageIdentity";
        public const string StorageKeyInTemplate = "template.accountKey";
        public const string ListFunctionInTemplate = "template.listFunction";
        public const string RoleMissing = "role.missing";
        public const string KeyVaultMissing = "keyVault.missing";
        public const string KeyVaultRbac = "keyVault.enableRbacAuthorization";
        public const string KeyVaultSoftDelete = "keyVault.enableSoftDelete";
        public const string KeyVaultPurgeProtection = "keyVault.enablePurgeProtection";
        public const string KeyVaultAccessPolicies = "keyVault.accessPolicies";
        public const string OutputSecureType = "output.secureType";
        public const string OutputSecretName = "output.secretName";
        public const string OutputSecretValue = "output.secretValue";
    }

    /// <summary>Azure built-in role definition ids (the same in every tenant).</summary>
    public static class RoleIds
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
        public const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    }

    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string KeyVaultType = "Microsoft.KeyVault/vaults";
    private const string ComponentsType = "Microsoft.Insights/components";

    // Words that, as a whole word of an output's name, say the output carries a credential. "key" right before
    // "vault" names the Key Vault resource, not a key.
    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "keys", "secret", "secrets", "password", "connection", "connectionstring", "token", "sas", "credential", "credentials",
    };

    // Places in an output's value expression that hold a credential.
    [GeneratedRegex(@"connectionstring|accountkey|instrumentationkey|primarykey|secondarykey|sharedaccesskey|sastoken|\bsig=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValuePattern();

    [GeneratedRegex(@"\blist[A-Za-z]*\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunctionPattern();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"(?<=[a-z0-9])(?=[A-Z])|_|-|\.")]
    private static partial Regex WordBoundary();

    // The setting named exactly AzureWebJobsStorage: a quoted name in an expression or an object, or a name on its own line.
    [GeneratedRegex(@"(^|['""])AzureWebJobsStorage(['""]|$)", RegexOptions.Multiline)]
    private static partial Regex HostStorageConnectionString();

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterReference();

    /// <summary>Checks a compiled template; <paramref name="template"/> is the JSON that `bicep build` writes.</summary>
    public static IReadOnlyList<InfraViolation> Check(JsonNode template)
    {
        var violations = new List<InfraViolation>();
        var resources = new List<TemplateResource>();
        CollectResources(template, "template", resources, violations);

        CheckStorageAccounts(resources, violations);
        CheckFunctionApps(resources, violations);
        CheckNoStorageKeys(template, "template", violations);
        CheckRoleAssignments(resources, violations);
        CheckKeyVaults(resources, violations);
        return violations;
    }

    private static void CollectResources(JsonNode template, string path, List<TemplateResource> resources, List<InfraViolation> violations)
    {
        CheckOutputs(template, path, violations);
        foreach ((string name, JsonObject resource) in Resources(template))
        {
            string location = $"{path}/{name}";
            resources.Add(new TemplateResource(location, resource));
            if (Text(resource["type"]) == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                CollectResources(nested, location, resources, violations);
            }
        }
    }

    // Bicep writes resources as an array, or (language version 2.0) as an object keyed by symbolic name.
    private static IEnumerable<(string Name, JsonObject Resource)> Resources(JsonNode template) => template["resources"] switch
    {
        JsonObject byName => byName.Select(p => (p.Key, (JsonObject)p.Value!)),
        JsonArray list => list.OfType<JsonObject>().Select((r, i) => (Text(r["name"]) ?? $"[{i}]", r)),
        _ => [],
    };

    private static void CheckStorageAccounts(List<TemplateResource> resources, List<InfraViolation> violations)
    {
        var accounts = Declared(resources, StorageAccountType).ToList();
        if (accounts.Count == 0)
        {
            violations.Add(new(Rules.StorageAccountMissing, "template", "no storage account is declared"));
        }

        foreach (TemplateResource account in accounts)
        {
            JsonNode? properties = account.Resource["properties"];
            Expect(properties?["allowSharedKeyAccess"], false, Rules.StorageSharedKeyAccess, account, violations);
            Expect(properties?["supportsHttpsTrafficOnly"], true, Rules.StorageHttpsOnly, account, violations);
            Expect(properties?["allowBlobPublicAccess"], false, Rules.StorageBlobPublicAccess, account, violations);
            if (Text(properties?["minimumTlsVersion"]) != "TLS1_2")
            {
                violations.Add(new(Rules.StorageMinimumTls, account.Location, $"is {Describe(properties?["minimumTlsVersion"])}, must be 'TLS1_2'"));
            }
        }
    }

    private static void CheckFunctionApps(List<TemplateResource> resources, List<InfraViolation> violations)
    {
        var sites = Declared(resources, "Microsoft.Web/sites").ToList();
        if (sites.Count == 0)
        {
            violations.Add(new(Rules.FunctionAppMissing, "template", "no function app (Microsoft.Web/sites) is declared"));
        }

        foreach (TemplateResource site in sites)
        {
            Expect(site.Resource["properties"]?["httpsOnly"], true, Rules.FunctionAppHttpsOnly, site, violations);
            string? identityType = Text(site.Resource["identity"]?["type"]);
            if (identityType is null || !identityType.Contains("Assigned", StringComparison.Ordinal))
            {
                violations.Add(new(Rules.FunctionAppIdentity, site.Location, $"identity type is {identityType ?? "missing"}, must be a managed identity"));
            }

            // The settings are an expression or a list; either way the host storage must be the identity-based
            // AzureWebJobsStorage__accountName, and never the AzureWebJobsStorage connection string.
            string settings = RawText(site.Resource["properties"]?["siteConfig"]?["appSettings"]);
            settings += string.Concat(resources
                .Where(r => Text(r.Resource["type"]) == "Microsoft.Web/sites/config" && r.Location.StartsWith(ParentPath(site.Location), StringComparison.Ordinal))
                .Select(r => RawText(r.Resource["properties"])));
            bool identityBased = settings.Contains("AzureWebJobsStorage__accountName", StringComparison.Ordinal);
            bool connectionString = HostStorageConnectionString().IsMatch(settings);
            if (!identityBased || connectionString)
            {
                violations.Add(new(Rules.FunctionAppHostStorageIdentity, site.Location,
                    "AzureWebJobsStorage must be configured by AzureWebJobsStorage__accountName (managed identity), not a connection string"));
            }
        }
    }

    // No string anywhere in the template holds a storage key, and no expression calls a list*() function
    // (listKeys, listAccountSas, listServiceSas...), which is how a template reads keys and SAS tokens.
    private static void CheckNoStorageKeys(JsonNode? node, string path, List<InfraViolation> violations)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string name, JsonNode? child) in obj)
                {
                    CheckNoStorageKeys(child, $"{path}.{name}", violations);
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    CheckNoStorageKeys(array[i], $"{path}[{i}]", violations);
                }

                break;
            case JsonValue value when value.TryGetValue(out string? text):
                if (text.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(new(Rules.StorageKeyInTemplate, path, "a value holds a storage account key (AccountKey=)"));
                }

                if (text.StartsWith('[') && ListFunctionPattern().IsMatch(text))
                {
                    violations.Add(new(Rules.ListFunctionInTemplate, path, $"an expression calls a list*() function: {text}"));
                }

                break;
        }
    }

    private static void CheckRoleAssignments(List<TemplateResource> resources, List<InfraViolation> violations)
    {
        var assignments = Declared(resources, "Microsoft.Authorization/roleAssignments")
            .Select(r => (
                Role: GuidPattern().Match(Text(r.Resource["properties"]?["roleDefinitionId"]) ?? "").Value.ToLowerInvariant(),
                Scope: Text(r.Resource["scope"]) ?? ""))
            .ToList();

        bool Has(string scopeType, params string[] roleIds) =>
            assignments.Any(a => roleIds.Contains(a.Role) && a.Scope.Contains($"'{scopeType}'", StringComparison.Ordinal));

        void Require(string scopeType, string what, params string[] roleIds)
        {
            if (!Has(scopeType, roleIds))
            {
                violations.Add(new(Rules.RoleMissing, scopeType, $"no {what} role assignment scoped to the {scopeType}"));
            }
        }

        Require(StorageAccountType, "Storage Blob Data Owner/Contributor", RoleIds.StorageBlobDataOwner, RoleIds.StorageBlobDataContributor);
        Require(StorageAccountType, "Storage Blob Delegator (user delegation SAS)", RoleIds.StorageBlobDelegator);
        Require(StorageAccountType, "Storage Queue Data Contributor", RoleIds.StorageQueueDataContributor);
        Require(StorageAccountType, "Storage Table Data Contributor", RoleIds.StorageTableDataContributor);
        if (Declared(resources, KeyVaultType).Any())
        {
            Require(KeyVaultType, "Key Vault Secrets User", RoleIds.KeyVaultSecretsUser);
        }

        // Application Insights that refuses instrumentation-key telemetry needs the app to publish with Entra ID.
        if (Declared(resources, ComponentsType).Any(c => c.Resource["properties"]?["DisableLocalAuth"]?.GetValueKind() == System.Text.Json.JsonValueKind.True))
        {
            Require(ComponentsType, "Monitoring Metrics Publisher", RoleIds.MonitoringMetricsPublisher);
        }
    }

    private static void CheckKeyVaults(List<TemplateResource> resources, List<InfraViolation> violations)
    {
        var vaults = Declared(resources, KeyVaultType).ToList();
        if (vaults.Count == 0)
        {
            violations.Add(new(Rules.KeyVaultMissing, "template", "no Key Vault is declared"));
        }

        foreach (TemplateResource vault in vaults)
        {
            JsonNode? properties = vault.Resource["properties"];
            Expect(properties?["enableRbacAuthorization"], true, Rules.KeyVaultRbac, vault, violations);
            Expect(properties?["enablePurgeProtection"], true, Rules.KeyVaultPurgeProtection, vault, violations);
            if (properties?["enableSoftDelete"]?.GetValueKind() == System.Text.Json.JsonValueKind.False)
            {
                violations.Add(new(Rules.KeyVaultSoftDelete, vault.Location, "soft delete is turned off"));
            }

            if (properties?["accessPolicies"] is JsonArray { Count: > 0 })
            {
                violations.Add(new(Rules.KeyVaultAccessPolicies, vault.Location, "access policies are set; access goes through RBAC only"));
            }
        }
    }

    private static void CheckOutputs(JsonNode template, string path, List<InfraViolation> violations)
    {
        if (template["outputs"] is not JsonObject outputs)
        {
            return;
        }

        var secureParameters = (template["parameters"] as JsonObject ?? [])
            .Where(p => IsSecureType(Text(p.Value?["type"])))
            .Select(p => p.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach ((string name, JsonNode? output) in outputs)
        {
            string location = $"{path}#outputs.{name}";
            if (IsSecureType(Text(output?["type"])))
            {
                violations.Add(new(Rules.OutputSecureType, location, $"output is of type {Text(output?["type"])}"));
            }

            var words = WordBoundary().Split(name).Where(w => w.Length > 0).ToList();
            string? secretWord = words
                .Where((word, i) => SecretWords.Contains(word)
                    && !(word.Equals("key", StringComparison.OrdinalIgnoreCase) && i + 1 < words.Count && words[i + 1].Equals("vault", StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault();
            if (secretWord is not null)
            {
                violations.Add(new(Rules.OutputSecretName, location, $"the name says it carries a credential ('{secretWord}')"));
            }

            string value = RawText(output?["value"]);
            string? secureParameter = ParameterReference().Matches(value).Select(m => m.Groups[1].Value).FirstOrDefault(secureParameters.Contains);
            if (secureParameter is not null)
            {
                violations.Add(new(Rules.OutputSecretValue, location, $"the value reads the secure parameter '{secureParameter}'"));
            }

            if (SecretValuePattern().IsMatch(value) || ListFunctionPattern().IsMatch(value))
            {
                violations.Add(new(Rules.OutputSecretValue, location, $"the value reads a credential: {value}"));
            }
        }
    }

    private static bool IsSecureType(string? type) =>
        string.Equals(type, "securestring", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "secureobject", StringComparison.OrdinalIgnoreCase);

    // Declared resources of a type; an `existing` reference declares nothing.
    private static IEnumerable<TemplateResource> Declared(List<TemplateResource> resources, string type) => resources
        .Where(r => string.Equals(Text(r.Resource["type"]), type, StringComparison.OrdinalIgnoreCase))
        .Where(r => r.Resource["existing"]?.GetValueKind() != System.Text.Json.JsonValueKind.True);

    private static void Expect(JsonNode? actual, bool expected, string rule, TemplateResource resource, List<InfraViolation> violations)
    {
        bool matches = actual?.GetValueKind() == (expected ? System.Text.Json.JsonValueKind.True : System.Text.Json.JsonValueKind.False);
        if (!matches)
        {
            violations.Add(new(rule, resource.Location, $"is {Describe(actual)}, must be {(expected ? "true" : "false")}"));
        }
    }

    // Every string, property name and literal in a node, unescaped, one per line: what a text search should see
    // (ToJsonString would escape the quotes of ARM expressions).
    private static string RawText(JsonNode? node) => node switch
    {
        null => "",
        JsonObject obj => string.Join('\n', obj.Select(p => $"\"{p.Key}\"\n{RawText(p.Value)}")),
        JsonArray array => string.Join('\n', array.Select(RawText)),
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => node.ToJsonString(),
    };

    private static string Describe(JsonNode? node) => node is null ? "not set" : node.ToJsonString();

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string ParentPath(string location) => location[..(location.LastIndexOf('/') + 1)];

    private sealed record TemplateResource(string Location, JsonObject Resource);
}
