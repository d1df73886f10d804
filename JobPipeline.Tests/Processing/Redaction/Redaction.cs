using System.Text.Json.Nodes;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.Redaction;

/// <summary>Builds the processor with development settings and runs it through <see cref="ProcessorHarness"/>.</summary>
internal static class Redaction
{
    public const string DevelopmentHashKey = "ZGV2ZWxvcG1lbnQtb25seS1yZWRhY3Rpb24taGFzaC1rZXktMDAwMQ==";

    public static RedactionOptions Settings { get; } = new() { HashKey = DevelopmentHashKey };

    public static RedactProcessor Processor(RedactionOptions? settings = null) => new(Options.Create(settings ?? Settings));

    public static JobRequest Request(JsonObject? options = null, string input = """{"text":"hello"}""") =>
        new("redact", System.Text.Json.JsonDocument.Parse(input).RootElement.Clone(), null, options ?? []);

    public static async Task<(JsonObject Result, JobProcessorOutcome Outcome)> RunTextAsync(
        string text, JsonObject? options = null, string tenant = "tenant-a", RedactionOptions? settings = null)
    {
        string input = new JsonObject { ["text"] = text }.ToJsonString();
        JobExecution execution = ProcessorHarness.Json("redact", input, options, tenant);
        return await RunAsync(execution, settings);
    }

    /// <summary>Redacts a raw document; returns the figures, the outcome and the output document as text.</summary>
    public static async Task<(JsonObject Result, JobProcessorOutcome Outcome, string Document)> RunDocumentAsync(
        string document, string contentType, JsonObject? options = null, RedactionOptions? settings = null)
    {
        JobExecution execution = ProcessorHarness.Document("redact", document, contentType, options);
        (JsonObject? result, JobProcessorOutcome? outcome) = await RunAsync(execution, settings);
        Assert.Equal(contentType, execution.Sink().DocumentContentType);
        return (result, outcome, execution.Sink().DocumentText);
    }

    private static async Task<(JsonObject, JobProcessorOutcome)> RunAsync(JobExecution execution, RedactionOptions? settings)
    {
        RedactProcessor processor = Processor(settings);
        Assert.Null(processor.Validate(new JobRequest("redact", null, "text/plain", execution.Options)));

        JobProcessorOutcome outcome = await processor.ProcessAsync(execution);

        Assert.Equal("application/json", execution.Sink().ContentType);
        Assert.Equal(ResultForm.Json, execution.Sink().Form);
        return (execution.Sink().Json!.AsObject(), outcome);
    }

    public static IEnumerable<(string Type, int Start, int End)> Findings(JsonObject result) =>
        result["findings"]!.AsArray().Select(f => ((string)f!["entity_type"]!, (int)f["start"]!, (int)f["end"]!));
}
