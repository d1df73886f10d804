using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Processing;
using JobPipeline.Processing.JsonFormat;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.JsonFormat;

public class JsonFormatProcessorTests
{
    private readonly JsonFormatProcessor _processor = new();

    [Fact]
    public async Task Default_indent_is_two_spaces_with_empty_containers_kept_short()
    {
        JobExecution execution = ProcessorHarness.Document("json.format", """{"a":[1,2,{"b":null}],"c":{}, "d": [ ]}""", "application/json");

        await _processor.ProcessAsync(execution);

        Assert.Equal("{\n  \"a\": [\n    1,\n    2,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}", execution.Sink().DocumentText);
    }

    [Fact]
    public async Task Indent_zero_minifies()
    {
        string input = "{ \"a\" : [ 1 ,\r\n\ttrue ] ,\n \"b\" : \"x y\" }";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0 });

        Assert.Equal("""{"a":[1,true],"b":"x y"}""", output);
    }

    [Theory]
    [InlineData(1, "{\n \"a\": [\n  1\n ]\n}")]
    [InlineData(4, "{\n    \"a\": [\n        1\n    ]\n}")]
    [InlineData(8, "{\n        \"a\": [\n                1\n        ]\n}")]
    public async Task Indent_sets_the_spaces_per_level(int indent, string expected)
    {
        string output = await FormatAsync("""{"a":[1]}""", new JsonObject { ["indent"] = indent });

        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task Indented_output_matches_what_System_Text_Json_writes()
    {
        JsonNode document = LargeDocument();
        string compact = document.ToJsonString();
        string indented = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" });

        string formatted = await FormatAsync(compact);
        string minified = await FormatAsync(indented, new JsonObject { ["indent"] = 0 });

        Assert.Equal(indented, formatted);
        Assert.Equal(compact, minified);
    }

    [Fact]
    public async Task Sort_keys_sorts_nested_objects_and_keeps_array_order()
    {
        string input = """{"b":1,"a":{"d":[{"z":1,"y":2},3,{"x":[]}],"c":true}}""";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0, ["sort_keys"] = true });

        Assert.Equal("""{"a":{"c":true,"d":[{"y":2,"z":1},3,{"x":[]}]},"b":1}""", output);
    }

    [Fact]
    public async Task Sort_keys_orders_by_code_point_of_the_unescaped_name_and_keeps_the_escapes()
    {
        string input = """{"é":1,"z":2,"Z":3,"\u0061":4,"😀":5,"":6}""";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0, ["sort_keys"] = true });

        Assert.Equal("""{"":6,"Z":3,"\u0061":4,"z":2,"é":1,"😀":5}""", output);
    }

    [Fact]
    public async Task Sort_keys_indents_like_the_unsorted_path()
    {
        string output = await FormatAsync("""{"b":[1,{}],"a":null}""", new JsonObject { ["sort_keys"] = true });

        Assert.Equal("{\n  \"a\": null,\n  \"b\": [\n    1,\n    {}\n  ]\n}", output);
    }

    [Fact]
    public async Task Duplicate_keys_are_kept_in_order_with_and_without_sorting()
    {
        string input = """{"b":0,"a":1,"a":2}""";

        string unsorted = await FormatAsync(input, new JsonObject { ["indent"] = 0 });
        string sorted = await FormatAsync(input, new JsonObject { ["indent"] = 0, ["sort_keys"] = true });

        Assert.Equal(input, unsorted);
        Assert.Equal("""{"a":1,"a":2,"b":0}""", sorted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Number_text_is_preserved_exactly(bool sortKeys)
    {
        string input = """[1.10, 1e400, -0, 1E+2, 0.1e-7, 123456789012345678901234567890, {"n": 2.50}]""";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0, ["sort_keys"] = sortKeys });

        Assert.Equal("""[1.10,1e400,-0,1E+2,0.1e-7,123456789012345678901234567890,{"n":2.50}]""", output);
    }

    [Fact]
    public async Task Unicode_text_and_escapes_are_preserved_exactly()
    {
        string input = """{ "naïve" : "Zoë 😀 \u00e9 \ud83d\ude00 \n \"q\" \/ 中文" }""";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0 });

        Assert.Equal("""{"naïve":"Zoë 😀 \u00e9 \ud83d\ude00 \n \"q\" \/ 中文"}""", output);
    }

    [Fact]
    public async Task A_scalar_root_value_is_formatted()
    {
        string output = await FormatAsync("  \"just a string\"  \n");

        Assert.Equal("\"just a string\"", output);
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped()
    {
        byte[] document = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[ 1 ]")];
        JobExecution execution = ProcessorHarness.Document("json.format", document, "text/plain", new JsonObject { ["indent"] = 0 });

        JobProcessorOutcome outcome = await _processor.ProcessAsync(execution);

        Assert.Equal("[1]", execution.Sink().DocumentText);
        Assert.Equal(5, (long)outcome.Summary!["input_bytes"]!);
    }

    [Fact]
    public async Task Envelope_input_is_formatted_and_the_result_is_json_text_with_a_summary()
    {
        JobExecution execution = ProcessorHarness.Json("json.format", """{"json": "[1, \"é\"]"}""", new JsonObject { ["indent"] = 0 });

        JobProcessorOutcome outcome = await _processor.ProcessAsync(execution);

        Assert.Equal("[1,\"é\"]", execution.Sink().Text);
        Assert.Equal("application/json", execution.Sink().ContentType);
        Assert.Equal(ResultForm.Text, execution.Sink().Form);
        Assert.Equal(9, (long)outcome.Summary!["input_bytes"]!);
        Assert.Equal(8, (long)outcome.Summary!["output_bytes"]!);
    }

    [Fact]
    public async Task A_raw_document_gives_an_output_document_and_figures_as_the_result()
    {
        JobExecution execution = ProcessorHarness.Document("json.format", "{ \"a\" : 1 }", "text/plain", new JsonObject { ["indent"] = 0 });

        JobProcessorOutcome outcome = await _processor.ProcessAsync(execution);

        Assert.Equal("{\"a\":1}", execution.Sink().DocumentText);
        Assert.Equal("application/json", execution.Sink().DocumentContentType);
        Assert.Equal($"{execution.JobId}.formatted.json", execution.Sink().DocumentFileName);
        Assert.Equal(ResultForm.Json, execution.Sink().Form);
        JsonNode figures = execution.Sink().Json!;
        Assert.Equal("json", (string)figures["file_type"]!);
        Assert.Equal(11, (long)figures["input_bytes"]!);
        Assert.Equal(7, (long)figures["output_bytes"]!);
        Assert.Equal("json", (string)outcome.Summary!["file_type"]!);
    }

    [Fact]
    public async Task A_string_longer_than_the_read_buffer_is_kept_whole()
    {
        string big = new('x', 300_000);
        string input = $"[ \"{big}\" , 1 ]";

        string output = await FormatAsync(input, new JsonObject { ["indent"] = 0 });

        Assert.Equal($"[\"{big}\",1]", output);
    }

    private static JsonNode LargeDocument()
    {
        var items = new JsonArray();
        for (int i = 0; i < 5000; i++)
        {
            items.Add(new JsonObject
            {
                ["id"] = i,
                ["name"] = $"item {i}",
                ["tags"] = new JsonArray("a", "b"),
                ["empty"] = new JsonObject(),
                ["none"] = new JsonArray(),
                ["nested"] = new JsonObject { ["flag"] = i % 2 == 0, ["value"] = null },
            });
        }

        return new JsonObject { ["items"] = items, ["count"] = 5000 };
    }

    private async Task<string> FormatAsync(string input, JsonObject? options = null)
    {
        JobExecution execution = ProcessorHarness.Document("json.format", input, "application/json", options);
        await _processor.ProcessAsync(execution);
        return execution.Sink().DocumentText;
    }
}
