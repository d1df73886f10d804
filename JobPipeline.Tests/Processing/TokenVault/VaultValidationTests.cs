using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.TokenVault;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.TokenVault;

public class VaultValidationTests
{
    // Validation never reaches storage; the client only needs to exist.
    private static readonly TokenStore Store = new(
        new TableServiceClient("UseDevelopmentStorage=true"),
        Options.Create(new TokenVaultOptions { MasterKey = TestVault.MasterKey }),
        NullLogger<TokenStore>.Instance);

    private readonly MaskProcessor _mask = new(Store);
    private readonly UnmaskProcessor _unmask = new(Store);

    public static TheoryData<string, string> BadMaskInputs => new()
    {
        { """{"mask": []}""", "input.mask" },
        { MaskItems(1001), "input.mask" },
        { "{}", "input.mask" },
        { """{"mask": {"token_name": "a", "value": "b"}}""", "input.mask" },
        { """{"mask": [{"token_name": "a", "value": "b"}], "other": 1}""", "input.other" },
        { """["mask"]""", "input" },
        { """{"mask": [1]}""", "input.mask[0]" },
        { """{"mask": [{"token_name": "ssn"}]}""", "input.mask[0].value" },
        { """{"mask": [{"token_name": "ssn", "value": 123}]}""", "input.mask[0].value" },
        { """{"mask": [{"token_name": "ssn", "value": null}]}""", "input.mask[0].value" },
        { """{"mask": [{"token_name": "ssn", "value": "\ud800"}]}""", "input.mask[0].value" },
        { $$"""{"mask": [{"token_name": "ssn", "value": "{{new string('x', 4097)}}"}]}""", "input.mask[0].value" },
        { """{"mask": [{"token_name": "ssn", "value": "a", "note": "b"}]}""", "input.mask[0].note" },
        { """{"mask": [{"value": "a"}]}""", "input.mask[0].token_name" },
        { """{"mask": [{"token_name": "", "value": "a"}]}""", "input.mask[0].token_name" },
        { """{"mask": [{"token_name": "a\u0000b", "value": "a"}]}""", "input.mask[0].token_name" },
        { $$"""{"mask": [{"token_name": "{{new string('n', 129)}}", "value": "a"}]}""", "input.mask[0].token_name" },
        { """{"mask": [{"token_name": "a", "value": "1"}, {"token_name": "b", "value": "2"}, {"token_name": "c", "value": "3"}, {"token_name": "d", "value": []}]}""", "input.mask[3].value" },
    };

    public static TheoryData<string, string> BadUnmaskInputs => new()
    {
        { """{"unmask": []}""", "input.unmask" },
        { UnmaskItems(1001), "input.unmask" },
        { """{"mask": []}""", "input.mask" },
        { """{"unmask": ["tok_x"]}""", "input.unmask[0]" },
        { """{"unmask": [{}]}""", "input.unmask[0].token_value" },
        { """{"unmask": [{"token_value": 1}]}""", "input.unmask[0].token_value" },
        { """{"unmask": [{"token_value": ""}]}""", "input.unmask[0].token_value" },
        { """{"unmask": [{"token_value": "tok_x", "value": "y"}]}""", "input.unmask[0].value" },
    };

    [Theory]
    [MemberData(nameof(BadMaskInputs))]
    public void Bad_mask_input_fails_validation_naming_the_field(string input, string field)
    {
        JobRequest request = Envelope("mask", input);

        JobError? error = _mask.Validate(request);

        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal(field, (string?)error!.Details!["field"]);
    }

    [Theory]
    [MemberData(nameof(BadUnmaskInputs))]
    public void Bad_unmask_input_fails_validation_naming_the_field(string input, string field)
    {
        JobRequest request = Envelope("unmask", input);

        JobError? error = _unmask.Validate(request);

        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal(field, (string?)error!.Details!["field"]);
    }

    [Fact]
    public void Limits_themselves_are_accepted()
    {
        string input = $$"""{"mask": [{"token_name": "{{new string('n', 128)}}", "value": "{{new string('v', 4096)}}"}, {"token_name": "A-z_0.9", "value": ""}]}""";

        JobError? edges = _mask.Validate(Envelope("mask", input));
        JobError? thousandMasks = _mask.Validate(Envelope("mask", MaskItems(1000)));
        JobError? thousandUnmasks = _unmask.Validate(Envelope("unmask", UnmaskItems(1000)));

        Assert.Null(edges);
        Assert.Null(thousandMasks);
        Assert.Null(thousandUnmasks);
    }

    [Theory]
    [InlineData("Person token")]
    [InlineData("a/b")]
    [InlineData("naïve Kundennummer")]
    [InlineData("名前")]
    public void Any_text_of_1_to_128_characters_is_a_token_name(string tokenName)
    {
        string input = new JsonObject { ["mask"] = new JsonArray(new JsonObject { ["token_name"] = tokenName, ["value"] = "John Doe" }) }.ToJsonString();

        JobError? error = _mask.Validate(Envelope("mask", input));

        Assert.Null(error);
    }

    [Fact]
    public void Options_are_not_taken()
    {
        JobRequest request = Envelope("mask", MaskItems(1)) with { Options = new JsonObject { ["deterministic"] = false } };

        JobError? error = _mask.Validate(request);

        Assert.Equal("options.deterministic", (string?)error!.Details!["field"]);
    }

    [Fact]
    public void A_raw_document_is_an_unsupported_media_type()
    {
        var request = new JobRequest("unmask", null, "text/plain", []);

        JobError? error = _unmask.Validate(request);

        Assert.Equal(ErrorCodes.UnsupportedMediaType, error?.Code);
        Assert.Empty(_unmask.DocumentContentTypes);
    }

    private static JobRequest Envelope(string type, string input) =>
        new(type, JsonDocument.Parse(input).RootElement.Clone(), null, []);

    private static string MaskItems(int count) =>
        new JsonObject { ["mask"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["token_name"] = "n", ["value"] = $"{i}" })]) }.ToJsonString();

    private static string UnmaskItems(int count) =>
        new JsonObject { ["unmask"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["token_value"] = $"tok_{i}" })]) }.ToJsonString();
}
