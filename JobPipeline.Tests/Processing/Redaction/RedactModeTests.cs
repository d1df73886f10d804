using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class RedactModeTests
{
    private const string Text = "a@example.com wrote to b@example.com, then a@example.com again";

    [Fact]
    public async Task Replace_gives_the_same_value_the_same_numbered_placeholder()
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome? outcome) = await Redaction.RunTextAsync(Text);

        Assert.Equal("[EMAIL_ADDRESS_1] wrote to [EMAIL_ADDRESS_2], then [EMAIL_ADDRESS_1] again", (string)result["text"]!);
        Assert.Equal(3, (int)outcome.Summary!["entity_count"]!);
        Assert.Equal(3, (int)outcome.Summary["entity_counts"]!["EMAIL_ADDRESS"]!);
        Assert.Null(result["de_anonymization_map"]);
    }

    [Fact]
    public async Task Replace_with_return_map_maps_each_placeholder_to_its_value()
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(Text, new() { ["return_map"] = true });

        JsonObject map = result["de_anonymization_map"]!.AsObject();
        Assert.Equal(2, map.Count);
        Assert.Equal("a@example.com", (string)map["[EMAIL_ADDRESS_1]"]!);
        Assert.Equal("b@example.com", (string)map["[EMAIL_ADDRESS_2]"]!);
    }

    [Fact]
    public async Task Mask_keeps_the_last_characters_and_uses_the_mask_character()
    {
        var options = new JsonObject { ["mode"] = "mask", ["mask_char"] = "#", ["keep_last"] = 4, ["return_map"] = true };

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("card 4111 1111 1111 1111 ok", options);

        Assert.Equal("card ###############1111 ok", (string)result["text"]!);
        Assert.Equal("4111 1111 1111 1111", (string)result["de_anonymization_map"]!["###############1111"]![0]!);
    }

    [Fact]
    public async Task Mask_defaults_to_stars_over_the_whole_value()
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("ip 10.0.0.1", new() { ["mode"] = "mask" });

        Assert.Equal("ip ********", (string)result["text"]!);
    }

    [Fact]
    public async Task Hash_is_an_HMAC_under_a_key_derived_per_tenant_from_the_master_key()
    {
        byte[] masterKey = Convert.FromBase64String(Redaction.DevelopmentHashKey);
        byte[] tenantKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, [], Encoding.UTF8.GetBytes("tenant-a"));
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(tenantKey, "a@example.com"u8));

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("to a@example.com", new() { ["mode"] = "hash" }, tenant: "tenant-a");

        Assert.Equal($"to {expected}", (string)result["text"]!);
    }

    [Fact]
    public async Task Hash_is_stable_within_a_tenant_and_differs_across_tenants()
    {
        var options = new JsonObject { ["mode"] = "hash" };

        (JsonObject? first, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("a@example.com", options.DeepClone().AsObject(), tenant: "tenant-a");
        (JsonObject? again, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("a@example.com", options.DeepClone().AsObject(), tenant: "tenant-a");
        (JsonObject? other, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("a@example.com", options.DeepClone().AsObject(), tenant: "tenant-b");

        Assert.Equal((string)first["text"]!, (string)again["text"]!);
        Assert.NotEqual((string)first["text"]!, (string)other["text"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)first["text"]!);
    }

    [Fact]
    public async Task Remove_cuts_the_values_out_and_keeps_the_findings_offsets_in_the_original()
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("x a@example.com y", new() { ["mode"] = "remove" });

        Assert.Equal("x  y", (string)result["text"]!);
        Assert.Equal([("EMAIL_ADDRESS", 2, 15)], Redaction.Findings(result));
    }
}
