using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Processing.TokenVault;

public class UnmaskProcessorTests
{
    [Fact]
    public async Task Unmask_returns_the_values_in_request_order_with_a_summary()
    {
        TestVault vault = await TestVault.CreateAsync();
        string ssn = await vault.MaskOneAsync("ssn", "123-45-6789");
        string name = await vault.MaskOneAsync("name", "Zoë 😀");

        (JsonArray result, JobProcessorOutcome outcome) = await vault.UnmaskAsync([name, ssn, name]);

        Assert.Equal([name, ssn, name], result.Select(r => (string)r!["token_value"]!));
        Assert.Equal(["Zoë 😀", "123-45-6789", "Zoë 😀"], result.Select(r => (string)r!["value"]!));
        Assert.Equal((3, 0), ((int)outcome.Summary!["item_count"]!, (int)outcome.Summary!["not_found"]!));
    }

    [Fact]
    public async Task Unknown_and_malformed_tokens_give_per_item_errors_and_the_job_completes()
    {
        TestVault vault = await TestVault.CreateAsync();
        string known = await vault.MaskOneAsync("ssn", "123-45-6789");
        string[] tokens = ["tok_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", known, "not-a-token", "tok_a/b#c?d\\"];

        (JsonArray result, JobProcessorOutcome outcome) = await vault.UnmaskAsync(tokens);

        Assert.Equal(tokens, result.Select(r => (string)r!["token_value"]!));
        Assert.Equal("123-45-6789", (string)result[1]!["value"]!);
        foreach (int i in new[] { 0, 2, 3 })
        {
            Assert.Equal("TOKEN_NOT_FOUND", (string)result[i]!["error"]!["code"]!);
            Assert.False(string.IsNullOrEmpty((string?)result[i]!["error"]!["message"]));
        }

        Assert.Equal((4, 3), ((int)outcome.Summary!["item_count"]!, (int)outcome.Summary!["not_found"]!));
    }

    [Fact]
    public async Task Unmask_before_anything_was_masked_finds_nothing()
    {
        TestVault vault = await TestVault.CreateAsync();

        (JsonArray result, _) = await vault.UnmaskAsync(["tok_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]);

        Assert.Equal("TOKEN_NOT_FOUND", (string)result[0]!["error"]!["code"]!);
    }

    [Fact]
    public async Task Tampered_ciphertext_gives_a_per_item_error()
    {
        TestVault vault = await TestVault.CreateAsync();
        string token = await vault.MaskOneAsync("ssn", "123-45-6789");
        TableEntity row = (await vault.Table.GetEntityAsync<TableEntity>("tenant-a", token)).Value;
        byte[] sealedValue = row.GetBinary("Value");
        sealedValue[^1] ^= 0x01;
        row["Value"] = sealedValue;
        await vault.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        (JsonArray result, JobProcessorOutcome outcome) = await vault.UnmaskAsync([token]);

        Assert.Equal("TOKEN_NOT_FOUND", (string)result[0]!["error"]!["code"]!);
        Assert.Equal(1, (int)outcome.Summary!["not_found"]!);
    }

    [Fact]
    public async Task A_row_copied_into_another_tenant_does_not_decrypt_there()
    {
        TestVault vault = await TestVault.CreateAsync();
        string token = await vault.MaskOneAsync("ssn", "123-45-6789", tenant: "tenant-a");
        TableEntity row = (await vault.Table.GetEntityAsync<TableEntity>("tenant-a", token)).Value;
        await vault.Table.AddEntityAsync(new TableEntity("tenant-b", token) { ["Value"] = row.GetBinary("Value") });

        (JsonArray result, _) = await vault.UnmaskAsync([token], tenant: "tenant-b");

        Assert.Equal("TOKEN_NOT_FOUND", (string)result[0]!["error"]!["code"]!);
    }

    [Fact]
    public async Task Another_master_key_cannot_read_the_stored_values()
    {
        TestVault vault = await TestVault.CreateAsync();
        string token = await vault.MaskOneAsync("ssn", "123-45-6789");

        (JsonArray result, _) = await vault.UnmaskAsync([token], masterKey: TestVault.OtherMasterKey);

        Assert.Equal("TOKEN_NOT_FOUND", (string)result[0]!["error"]!["code"]!);
    }
}
