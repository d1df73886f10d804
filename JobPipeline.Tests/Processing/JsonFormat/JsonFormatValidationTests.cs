using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.JsonFormat;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.JsonFormat;

public class JsonFormatValidationTests
{
    private readonly JsonFormatProcessor _processor = new();

    [Theory]
    [InlineData("""{"indent": 0}""")]
    [InlineData("""{"indent": 8, "sort_keys": true}""")]
    [InlineData("""{"indent": null, "sort_keys": false}""")]
    [InlineData("{}")]
    public void Valid_options_are_accepted(string options)
    {
        JobRequest request = Envelope("""{"json": "[]"}""", options);

        JobError? error = _processor.Validate(request);

        Assert.Null(error);
    }

    [Theory]
    [InlineData("""{"indent": 9}""", "options.indent")]
    [InlineData("""{"indent": -1}""", "options.indent")]
    [InlineData("""{"indent": 2.5}""", "options.indent")]
    [InlineData("""{"indent": "2"}""", "options.indent")]
    [InlineData("""{"indent": true}""", "options.indent")]
    [InlineData("""{"indent": 99999999999}""", "options.indent")]
    [InlineData("""{"sort_keys": "yes"}""", "options.sort_keys")]
    [InlineData("""{"sort_keys": 1}""", "options.sort_keys")]
    [InlineData("""{"indentation": 2}""", "options.indentation")]
    public void Bad_options_fail_validation_naming_the_option(string options, string field)
    {
        JobRequest request = Envelope("""{"json": "[]"}""", options);

        JobError? error = _processor.Validate(request);

        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal(field, (string?)error!.Details!["field"]);
    }

    [Theory]
    [InlineData("""{"json": 1}""", "input.json")]
    [InlineData("""{"json": {"a": 1}}""", "input.json")]
    [InlineData("{}", "input.json")]
    [InlineData("""{"json": "[]", "extra": 1}""", "input.extra")]
    [InlineData("""{"json": "[\"\ud800\"]"}""", "input.json")]
    [InlineData("""["[]"]""", "input")]
    [InlineData("\"[]\"", "input")]
    public void Envelope_input_must_be_an_object_with_a_json_string(string input, string field)
    {
        JobRequest request = Envelope(input, "{}");

        JobError? error = _processor.Validate(request);

        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal(field, (string?)error!.Details!["field"]);
    }

    [Fact]
    public void Missing_envelope_input_fails_validation()
    {
        var request = new JobRequest("json.format", null, null, []);

        JobError? error = _processor.Validate(request);

        Assert.Equal("input", (string?)error!.Details!["field"]);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("text/json")]
    public void Text_documents_are_accepted(string contentType)
    {
        var request = new JobRequest("json.format", null, contentType, []);

        JobError? error = _processor.Validate(request);

        Assert.Null(error);
    }

    [Fact]
    public void A_binary_document_is_an_unsupported_media_type()
    {
        var request = new JobRequest("json.format", null, "image/png", []);

        JobError? error = _processor.Validate(request);

        Assert.Equal(ErrorCodes.UnsupportedMediaType, error?.Code);
    }

    [Fact]
    public async Task Processing_rechecks_the_options()
    {
        JobExecution execution = ProcessorHarness.Document("json.format", "[]", "application/json", new JsonObject { ["indent"] = 20 });

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.ValidationFailed, exception.Error.Code);
    }

    private static JobRequest Envelope(string input, string options) =>
        new("json.format", JsonDocument.Parse(input).RootElement.Clone(), null, JsonNode.Parse(options)!.AsObject());
}
