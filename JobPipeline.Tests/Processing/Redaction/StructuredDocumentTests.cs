using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class StructuredDocumentTests
{
    [Fact]
    public async Task A_CSV_document_keeps_its_rows_quotes_and_line_endings()
    {
        string csv = "name,contact,note\r\n\"Doe, Jane\",\"jane@example.com\",\"said \"\"hi\"\"\"\r\nBob,bob@example.org,10.0.0.1\r\n";

        (JsonObject? result, JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(csv, "text/csv");

        Assert.Equal("csv", (string)result["file_type"]!);
        Assert.Equal(
            "name,contact,note\r\n\"[PERSON_1], [PERSON_2]\",\"[EMAIL_ADDRESS_1]\",\"said \"\"hi\"\"\"\r\n[PERSON_3],[EMAIL_ADDRESS_2],[IP_ADDRESS_1]\r\n",
            document);
    }

    [Fact]
    public async Task CSV_findings_carry_row_column_and_offsets_into_the_original_document()
    {
        string csv = "id,contact\n1,\"x \"\"q\"\" a@example.com\"\n";

        (JsonObject? result, JobProcessorOutcome _, string _) = await Redaction.RunDocumentAsync(csv, "text/csv");

        JsonNode finding = Assert.Single(result["findings"]!.AsArray())!;
        Assert.Equal(1, (int)finding["row"]!);
        Assert.Equal(1, (int)finding["column"]!);
        Assert.Equal("a@example.com", csv[(int)finding["start"]!..(int)finding["end"]!]);
    }

    [Fact]
    public async Task An_unquoted_CSV_cell_stays_unquoted_and_empty_cells_stay_empty()
    {
        string csv = "a,,c\n,1.2.3.4,\n";

        (JsonObject _, JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(csv, "text/csv");

        Assert.Equal("a,,c\n,[IP_ADDRESS_1],\n", document);
    }

    [Fact]
    public async Task A_JSON_document_keeps_its_shape_and_only_string_values_change()
    {
        string json = """{"user":{"email":"a@example.com","age":41,"ok":true,"tags":["x","ip 10.0.0.1"]},"a/b":"mail b@example.org","n":null,"f":1.50}""";

        (JsonObject? result, JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(json, "application/json");

        Assert.Equal("json", (string)result["file_type"]!);
        var expected = JsonNode.Parse("""{"user":{"email":"[EMAIL_ADDRESS_1]","age":41,"ok":true,"tags":["x","ip [IP_ADDRESS_1]"]},"a/b":"mail [EMAIL_ADDRESS_2]","n":null,"f":1.50}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(document)));
        Assert.Contains("1.50", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_findings_carry_an_RFC_6901_pointer_and_offsets_within_the_string()
    {
        string json = """{"user":{"tags":["x","ip 10.0.0.1"]},"a/b":"mail b@example.org"}""";

        (JsonObject? result, JobProcessorOutcome _, string _) = await Redaction.RunDocumentAsync(json, "application/json");

        var findings = result["findings"]!.AsArray().Select(f => ((string)f!["pointer"]!, (int)f["start"]!, (int)f["end"]!)).ToList();
        Assert.Equal([("/user/tags/1", 3, 11), ("/a~1b", 5, 18)], findings);
    }

    [Fact]
    public async Task A_document_that_is_not_JSON_fails_with_INVALID_JSON_and_its_line_and_column()
    {
        JobExecution execution = ProcessorHarness.Document("redact", "{\n  \"a\": \"x\",\n  oops\n}", "application/json");

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => Redaction.Processor().ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, failure.Error.Code);
        Assert.Equal(3, (int)failure.Error.Details!["line"]!);
        Assert.Equal(3, (int)failure.Error.Details["column"]!);
    }

    [Fact]
    public async Task Text_plain_documents_give_text_and_findings()
    {
        (JsonObject _, JobProcessorOutcome? outcome, string? document) = await Redaction.RunDocumentAsync("ping 10.0.0.1", "text/plain");

        Assert.Equal("ping [IP_ADDRESS_1]", document);
        Assert.Equal(1, (int)outcome.Summary!["entity_counts"]!["IP_ADDRESS"]!);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/csv")]
    public async Task An_empty_document_gives_an_empty_result_and_no_findings(string contentType)
    {
        (JsonObject? result, JobProcessorOutcome? outcome, string? document) = await Redaction.RunDocumentAsync("", contentType);

        Assert.Equal("", document);
        Assert.Empty(result["findings"]!.AsArray());
        Assert.Equal(0, (int)outcome.Summary!["entity_count"]!);
    }

    [Fact]
    public async Task An_empty_JSON_document_is_invalid_JSON_at_line_1_column_1()
    {
        JobExecution execution = ProcessorHarness.Document("redact", "", "application/json");

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => Redaction.Processor().ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, failure.Error.Code);
        Assert.Equal(1, (int)failure.Error.Details!["line"]!);
        Assert.Equal(1, (int)failure.Error.Details["column"]!);
    }

    [Fact]
    public async Task A_JSON_document_with_a_byte_order_mark_and_a_large_array_streams_through()
    {
        string items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"id":{{i}},"ip":"10.0.{{i % 250}}.1"}"""));
        byte[] bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes($"[{items}]")).ToArray();
        JobExecution execution = ProcessorHarness.Document("redact", bytes, "application/json");

        JobProcessorOutcome outcome = await Redaction.Processor().ProcessAsync(execution);

        JsonNode result = execution.Sink().Json!;
        Assert.Equal(20_000, JsonNode.Parse(execution.Sink().DocumentBytes!)!.AsArray().Count);
        Assert.Equal("/19999/ip", (string)result["findings"]!.AsArray()[^1]!["pointer"]!);
        Assert.Equal(20_000, (int)outcome.Summary!["entity_count"]!);
    }
}
