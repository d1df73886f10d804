using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

/// <summary>The shipped job types, end to end through the server as a client sees them.</summary>
public class ShippedJobTypesTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Json_format_completes_with_the_formatted_text_keeping_number_text()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("json.format", new { json = "{\"b\":1.50,\"a\":[true,1e400]}" }, new { indent = 2, sort_keys = true });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("{\n  \"a\": [\n    true,\n    1e400\n  ],\n  \"b\": 1.50\n}", job["result"]!.GetValue<string>());
        HttpResponseMessage result = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal("application/json", result.Content.Headers.ContentType!.MediaType);
        Assert.Equal(job["result"]!.GetValue<string>(), await result.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_format_of_invalid_json_fails_the_job_with_line_and_column()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("json.format", new { json = "{\n  \"a\": [1, 2,,]\n}" });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("INVALID_JSON", job["error"]!["code"]!.GetValue<string>());
        Assert.Equal(2, job["error"]!["details"]!["line"]!.GetValue<int>());
        Assert.True(job["error"]!["details"]!["column"]!.GetValue<int>() > 1);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
    }

    [Fact]
    public async Task Json_format_takes_a_raw_document_with_options_in_the_query_string()
    {
        HttpClient client = _server.Client();
        var content = new StringContent("[1,{\"x\":null}]");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        HttpResponseMessage response = await client.PostAsync("/api/jobs/json.format?indent=0", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        JsonObject job = await client.WaitAsync(id);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        JsonNode document = job["result"]!["document"]!;
        Assert.True(document["is_url"]!.GetValue<bool>());
        Assert.Equal("application/json", document["content_type"]!.GetValue<string>());
        Assert.Equal(14, job["result"]!["output_bytes"]!.GetValue<long>());
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{id}.formatted.json", download.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("[1,{\"x\":null}]", await download.Content.ReadAsStringAsync());
        Assert.Equal("[1,{\"x\":null}]", await new HttpClient().GetStringAsync(document["url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Mask_then_unmask_round_trips_values_and_tokens_are_stable_per_tenant()
    {
        HttpClient client = _server.Client();
        object items = new { mask = new[] { new { token_name = "email", value = "jane@example.com" }, new { token_name = "ssn", value = "078-05-1120" } } };

        JsonObject first = await client.WaitAsync(await client.SubmitIdAsync("mask", items));
        JsonObject second = await client.WaitAsync(await client.SubmitIdAsync("mask", items));
        JsonObject otherTenant = await _server.Client(PipelineFactory.KeyB).WaitAsync(await _server.Client(PipelineFactory.KeyB).SubmitIdAsync("mask", items));

        string token = first["result"]![0]!["token_value"]!.GetValue<string>();
        Assert.Equal(token, second["result"]![0]!["token_value"]!.GetValue<string>());
        Assert.NotEqual(token, otherTenant["result"]![0]!["token_value"]!.GetValue<string>());
        Assert.DoesNotContain("jane", token);

        JsonObject unmasked = await client.WaitAsync(await client.SubmitIdAsync("unmask", new { unmask = new[] { new { token_value = token }, new { token_value = "tok_unknown" } } }));
        Assert.Equal("completed", unmasked["status"]!.GetValue<string>());
        Assert.Equal("jane@example.com", unmasked["result"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("TOKEN_NOT_FOUND", unmasked["result"]![1]!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redact_replaces_personal_data_and_reports_findings_and_a_summary()
    {
        HttpClient client = _server.Client();
        string text = "Mail jane@example.com, card 4111 1111 1111 1111, again jane@example.com";
        string id = await client.SubmitIdAsync("redact", new { text }, new { return_map = true });

        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        JsonNode result = job["result"]!;
        Assert.Equal("Mail [EMAIL_ADDRESS_1], card [CREDIT_CARD_1], again [EMAIL_ADDRESS_1]", result["text"]!.GetValue<string>());
        Assert.Equal(3, result["findings"]!.AsArray().Count);
        Assert.Equal(5, result["findings"]![0]!["start"]!.GetValue<int>());
        Assert.Equal("jane@example.com", result["de_anonymization_map"]!["[EMAIL_ADDRESS_1]"]!.GetValue<string>());
        Assert.Equal(3, job["summary"]!["entity_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Redact_takes_a_raw_csv_document_and_keeps_its_structure()
    {
        HttpClient client = _server.Client();
        var content = new StringContent("name,email\nJane,\"jane@example.com\"\n");
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        HttpResponseMessage response = await client.PostAsync("/api/jobs/redact?mode=mask&keep_last=4", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        JsonObject job = await client.WaitAsync(id);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("csv", job["summary"]!["file_type"]!.GetValue<string>());
        // "Jane" under the "name" header is a person; with keep_last=4 its mask shows all four letters.
        Assert.Equal(["PERSON", "EMAIL_ADDRESS"], job["result"]!["findings"]!.AsArray().Select(f => f!["entity_type"]!.GetValue<string>()));
        JsonNode document = job["result"]!["document"]!;
        Assert.True(document["is_url"]!.GetValue<bool>());
        Assert.Equal("text/csv", document["content_type"]!.GetValue<string>());
        HttpResponseMessage download = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{id}.redacted.csv", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("name,email\nJane,\"************.com\"\n", await download.Content.ReadAsStringAsync());
        Assert.Equal("name,email\nJane,\"************.com\"\n", await new HttpClient().GetStringAsync(document["url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Redact_refuses_an_unsupported_content_type_with_415()
    {
        HttpClient client = _server.Client();
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        HttpResponseMessage response = await client.PostAsync("/api/jobs/redact", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("mask", "{\"mask\": []}", "input.mask")]
    [InlineData("unmask", "{\"unmask\": \"nope\"}", "input.unmask")]
    [InlineData("json.format", "{\"json\": 42}", "input.json")]
    [InlineData("redact", "{\"txt\": \"x\"}", "input")]
    public async Task Bad_input_is_refused_at_submit_with_the_field_named(string type, string input, string field)
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs", new StringContent($"{{\"type\": \"{type}\", \"input\": {input}}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.StartsWith(field, error["details"]!["field"]!.GetValue<string>());
    }
}
