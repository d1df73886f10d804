using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.JsonFormat;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.JsonFormat;

public class JsonFormatInvalidJsonTests
{
    private readonly JsonFormatProcessor _processor = new();

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("   \n  ", 2, 3)]
    [InlineData("{\"a\": tru}", 1, 10)] // where "tru" stops being "true"
    [InlineData("[1, 2,]", 1, 7)]
    [InlineData("[1, 2", 1, 6)]
    [InlineData("{} x", 1, 4)]
    [InlineData("{}{}", 1, 3)]
    [InlineData("{'a': 1}", 1, 2)]
    [InlineData("[1, // comment\n2]", 1, 5)]
    [InlineData("{\n  \"a\": 1,\n  \"b\": x\n}", 3, 8)]
    [InlineData("{\r\n  \"a\": 1,\r\n  \"b\" 2\r\n}", 3, 7)]
    [InlineData("{\"a\": \"line\nbreak\"}", 1, 12)]
    [InlineData("{\"é😀\": 1 x}", 1, 10)]
    public async Task Invalid_json_fails_with_the_line_and_column_of_the_first_error(string input, int line, int column)
    {
        JobExecution execution = ProcessorHarness.Document("json.format", input, "text/plain");

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, exception.Error.Code);
        Assert.False(exception.Error.Retryable);
        Assert.Equal((line, column), ((long)exception.Error.Details!["line"]!, (long)exception.Error.Details!["column"]!));
        Assert.DoesNotContain("LineNumber", exception.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_invalid_document_leaves_no_result()
    {
        JobExecution execution = ProcessorHarness.Document("json.format", "[1, 2, 3, oops]", "application/json");

        await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Null(execution.Sink().ContentType);
        Assert.Null(execution.Sink().DocumentContentType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_error_past_the_first_read_buffer_is_located_on_its_line(bool sortKeys)
    {
        string line = "  [" + string.Concat(Enumerable.Repeat("1234567890, ", 100)) + "0],\n";
        string input = "[\n" + string.Concat(Enumerable.Repeat(line, 200)) + "  [é, 1]\n]";
        JobExecution execution = ProcessorHarness.Document("json.format", input, "application/json", new JsonObject { ["sort_keys"] = sortKeys });

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(202, (long)exception.Error.Details!["line"]!);
        Assert.Equal(4, (long)exception.Error.Details!["column"]!);
    }

    [Fact]
    public async Task An_error_far_along_a_single_line_counts_characters_from_its_start()
    {
        string input = "[" + string.Concat(Enumerable.Repeat("\"é\",", 50_000)) + "x]";
        JobExecution execution = ProcessorHarness.Document("json.format", input, "application/json");

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(1, (long)exception.Error.Details!["line"]!);
        Assert.Equal(1 + (50_000 * 4) + 1, (long)exception.Error.Details!["column"]!);
    }

    [Fact]
    public async Task Nesting_deeper_than_256_levels_is_invalid_json()
    {
        string input = new string('[', 300) + new string(']', 300);
        JobExecution execution = ProcessorHarness.Document("json.format", input, "application/json");

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, exception.Error.Code);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_invalid_json_located_at_the_string()
    {
        byte[] document = [.. "[\n \"é\", \"a"u8, 0xC3, 0x28, .. "\"]"u8];
        JobExecution execution = ProcessorHarness.Document("json.format", document, "application/json");

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, exception.Error.Code);
        Assert.Equal((2, 9), ((long)exception.Error.Details!["line"]!, (long)exception.Error.Details!["column"]!));
    }

    [Fact]
    public async Task Envelope_text_errors_are_located_in_that_text()
    {
        JobExecution execution = ProcessorHarness.Json("json.format", """{"json": "{\n  \"a\": }"}""");

        JobProcessingException exception = await Assert.ThrowsAsync<JobProcessingException>(() => _processor.ProcessAsync(execution));

        Assert.Equal(ErrorCodes.InvalidJson, exception.Error.Code);
        Assert.Equal((2, 8), ((long)exception.Error.Details!["line"]!, (long)exception.Error.Details!["column"]!));
    }
}
