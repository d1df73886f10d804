using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Processing;
using JobPipeline.Processing.TokenVault;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.TokenVault;

public class MaskProcessorTests
{
    [Fact]
    public async Task Mask_returns_a_token_per_item_in_request_order_as_json()
    {
        TestVault vault = await TestVault.CreateAsync();
        JobExecution execution = ProcessorHarness.Json("mask", """
            {"mask": [{"token_name": "ssn", "value": "123-45-6789"}, {"token_name": "email", "value": "zoë@example.com"}, {"token_name": "ssn", "value": ""}]}
            """);

        JobProcessorOutcome outcome = await new MaskProcessor(vault.NewStore()).ProcessAsync(execution);

        JsonArray result = execution.Sink().Json!.AsArray();
        Assert.Equal(["ssn", "email", "ssn"], result.Select(r => (string)r!["token_name"]!));
        Assert.Equal(["123-45-6789", "zoë@example.com", ""], result.Select(r => (string)r!["value"]!));
        Assert.All(result, r => Assert.Matches("^tok_[A-Za-z0-9_-]{32}$", (string)r!["token_value"]!));
        Assert.Equal(3, result.Select(r => (string)r!["token_value"]!).Distinct().Count());
        Assert.Equal(("application/json", ResultForm.Json), (execution.Sink().ContentType, execution.Sink().Form));
        Assert.Equal(3, (int)outcome.Summary!["item_count"]!);
    }

    [Fact]
    public async Task The_same_name_and_value_give_the_same_token_across_processor_instances_and_one_row()
    {
        TestVault vault = await TestVault.CreateAsync();

        string first = await vault.MaskOneAsync("ssn", "123-45-6789");
        string second = await vault.MaskOneAsync("ssn", "123-45-6789");
        (JsonArray twice, _) = await vault.MaskAsync("""{"mask": [{"token_name": "ssn", "value": "123-45-6789"}, {"token_name": "ssn", "value": "123-45-6789"}]}""");

        Assert.Equal(first, second);
        Assert.All(twice, r => Assert.Equal(first, (string)r!["token_value"]!));
        Assert.Single(vault.Table.Query<TableEntity>());
    }

    [Fact]
    public async Task Another_token_name_or_value_gives_another_token()
    {
        TestVault vault = await TestVault.CreateAsync();

        string token = await vault.MaskOneAsync("ssn", "123");
        string otherName = await vault.MaskOneAsync("account", "123");
        string otherValue = await vault.MaskOneAsync("ssn", "124");

        Assert.Equal(3, new[] { token, otherName, otherValue }.Distinct().Count());
    }

    [Fact]
    public async Task Another_tenant_gets_another_token_and_cannot_unmask_the_first_tenants_token()
    {
        TestVault vault = await TestVault.CreateAsync();
        string tokenA = await vault.MaskOneAsync("ssn", "123-45-6789", tenant: "tenant-a");

        string tokenB = await vault.MaskOneAsync("ssn", "123-45-6789", tenant: "tenant-b");
        (JsonArray unmasked, _) = await vault.UnmaskAsync([tokenA], tenant: "tenant-b");

        Assert.NotEqual(tokenA, tokenB);
        Assert.Equal("TOKEN_NOT_FOUND", (string)unmasked[0]!["error"]!["code"]!);
        Assert.Null(unmasked[0]!["value"]);
    }

    [Fact]
    public async Task Values_are_encrypted_at_rest_and_rows_are_keyed_by_tenant_and_token()
    {
        TestVault vault = await TestVault.CreateAsync();
        const string secret = "4111-1111-1111-1111";

        string token = await vault.MaskOneAsync("card", secret);

        TableEntity row = Assert.Single(vault.Table.Query<TableEntity>());
        Assert.Equal(("tenant-a", token), (row.PartitionKey, row.RowKey));
        byte[] plaintext = Encoding.UTF8.GetBytes(secret);
        foreach ((string name, object value) in row)
        {
            switch (value)
            {
                case string text:
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                    Assert.DoesNotContain("card", text, StringComparison.Ordinal);
                    break;
                case byte[] bytes:
                    Assert.True(bytes.AsSpan().IndexOf(plaintext) < 0, $"{name} holds the plaintext.");
                    break;
            }
        }
    }

    [Fact]
    public async Task Concurrent_jobs_on_a_fresh_vault_create_its_table_once_and_all_succeed()
    {
        TestVault vault = await TestVault.CreateAsync();
        var processor = new MaskProcessor(vault.NewStore());
        JobExecution[] executions = [.. Enumerable.Range(0, 8).Select(i =>
            ProcessorHarness.Json("mask", $$"""{"mask": [{"token_name": "n", "value": "{{i}}"}]}"""))];

        await Task.WhenAll(executions.Select(e => processor.ProcessAsync(e)));

        Assert.Equal(8, vault.Table.Query<TableEntity>().Count());
    }

    [Fact]
    public async Task A_thousand_items_are_masked_and_unmasked()
    {
        TestVault vault = await TestVault.CreateAsync();
        string[] values = [.. Enumerable.Range(0, 1000).Select(i => $"value-{i}-é")];
        var input = new JsonObject { ["mask"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["token_name"] = "name", ["value"] = v })]) };

        (JsonArray masked, _) = await vault.MaskAsync(input.ToJsonString());
        (JsonArray unmasked, JobProcessorOutcome outcome) = await vault.UnmaskAsync(masked.Select(r => (string)r!["token_value"]!));

        Assert.Equal(values, unmasked.Select(r => (string)r!["value"]!));
        Assert.Equal(1000, vault.Table.Query<TableEntity>(select: ["RowKey"]).Count());
        Assert.Equal(0, (int)outcome.Summary!["not_found"]!);
    }
}
