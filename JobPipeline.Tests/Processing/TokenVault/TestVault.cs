using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Processing;
using JobPipeline.Processing.TokenVault;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.TokenVault;

/// <summary>A vault table of its own on the shared Azurite; every call runs a new processor over a new store.</summary>
internal sealed class TestVault
{
    public const string MasterKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // 32 bytes, tests only
    public const string OtherMasterKey = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="; // 32 bytes, tests only

    private readonly string _connectionString;

    private TestVault(string connectionString, string tableName)
    {
        _connectionString = connectionString;
        TableName = tableName;
        Table = new TableClient(connectionString, tableName);
    }

    public string TableName { get; }

    /// <summary>The raw table, as a storage reader without the master key sees it.</summary>
    public TableClient Table { get; }

    public static async Task<TestVault> CreateAsync()
    {
        Azurite azurite = await Azurite.Shared;
        return new TestVault(azurite.ConnectionString, Azurite.UniqueName("vault"));
    }

    public TokenStore NewStore(string masterKey = MasterKey) => new(
        new TableServiceClient(_connectionString),
        Options.Create(new TokenVaultOptions { TableName = TableName, MasterKey = masterKey }),
        NullLogger<TokenStore>.Instance);

    public async Task<(JsonArray Result, JobProcessorOutcome Outcome)> MaskAsync(string inputJson, string tenant = "tenant-a", string masterKey = MasterKey)
    {
        JobExecution execution = ProcessorHarness.Json("mask", inputJson, tenant: tenant);
        JobProcessorOutcome outcome = await new MaskProcessor(NewStore(masterKey)).ProcessAsync(execution);
        return (execution.Sink().Json!.AsArray(), outcome);
    }

    public async Task<string> MaskOneAsync(string tokenName, string value, string tenant = "tenant-a", string masterKey = MasterKey)
    {
        var input = new JsonObject { ["mask"] = new JsonArray(new JsonObject { ["token_name"] = tokenName, ["value"] = value }) };
        (JsonArray result, _) = await MaskAsync(input.ToJsonString(), tenant, masterKey);
        return (string)result[0]!["token_value"]!;
    }

    public async Task<(JsonArray Result, JobProcessorOutcome Outcome)> UnmaskAsync(IEnumerable<string> tokens, string tenant = "tenant-a", string masterKey = MasterKey)
    {
        var input = new JsonObject { ["unmask"] = new JsonArray([.. tokens.Select(t => (JsonNode)new JsonObject { ["token_value"] = t })]) };
        JobExecution execution = ProcessorHarness.Json("unmask", input.ToJsonString(), tenant: tenant);
        JobProcessorOutcome outcome = await new UnmaskProcessor(NewStore(masterKey)).ProcessAsync(execution);
        return (execution.Sink().Json!.AsArray(), outcome);
    }
}
