using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobPipeline.Http;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public partial class OpenApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;
    private ApiSchemas _schemas = null!;

    public async Task InitializeAsync()
    {
        _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);
        _schemas = await ApiSchemas.LoadAsync(_server.Client());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_document_is_served_to_a_key_as_OpenAPI_3_json_and_refused_without_one()
    {
        HttpResponseMessage anonymous = await _server.Client(key: null).GetAsync("/api/openapi.json");
        HttpResponseMessage response = await _server.Client().GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        JsonObject document = await response.ReadJsonAsync();
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public virtual void Every_route_the_server_maps_is_in_the_document_with_its_method()
    {
        var mapped = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();
        JsonObject paths = _schemas.Document["paths"]!.AsObject();
        var documented = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key.ToUpperInvariant(), Route: Normalize(p.Key)))).ToHashSet();

        Assert.Equal(JobsApi.Routes.Count, mapped.Count);
        foreach ((string method, string route) in mapped)
        {
            Assert.Contains((method, Normalize(route)), documented);
        }

        foreach ((string method, string route) in JobsApi.Routes)
        {
            Assert.Contains((method, Normalize("/api/" + route)), documented);
        }

        Assert.Equal(documented.Count, mapped.Select(m => (m.Method, Normalize(m.Route))).Distinct().Count());
    }

    [Fact]
    public void Every_operation_documents_its_responses_with_schemas_and_every_ref_resolves()
    {
        JsonObject document = _schemas.Document;
        string text = document.ToJsonString();

        foreach ((string path, JsonNode? item) in document["paths"]!.AsObject())
        {
            foreach ((string method, JsonNode? operation) in item!.AsObject())
            {
                JsonObject responses = operation!["responses"]!.AsObject();
                Assert.True(responses.Count >= 2, $"{method} {path} documents {responses.Count} responses");
                Assert.False(string.IsNullOrEmpty(operation["operationId"]?.GetValue<string>()), $"{method} {path} has no operationId");
                foreach (Match parameter in PathParameter().Matches(path))
                {
                    Assert.Contains(operation["parameters"]!.AsArray(), p => Resolve(document, p!)["name"]!.GetValue<string>() == parameter.Groups[1].Value);
                }
            }
        }

        foreach (Match reference in Ref().Matches(text))
        {
            Assert.NotNull(Resolve(document, new JsonObject { ["$ref"] = reference.Groups[1].Value }));
        }

        JsonObject schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("x-api-key", schemes["apiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public void The_error_code_enum_lists_every_code_the_server_can_answer()
    {
        string[] codes = [.. _schemas.Document["components"]!["schemas"]!["ErrorCode"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>())];
        string[] constants = [.. typeof(ErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!)];

        Assert.All(constants, c => Assert.Contains(c, codes));
        Assert.Contains("NOT_FOUND", codes);
        Assert.Contains("METHOD_NOT_ALLOWED", codes);
        Assert.Contains("TIMEOUT", codes);
        Assert.Contains("PROCESSING_FAILED", codes);
    }

    [Fact]
    public async Task A_body_that_breaks_the_schema_fails_validation()
    {
        HttpClient client = _server.Client();
        JsonObject job = await (await client.SubmitAsync("test.echo", new { text = "x" })).ReadJsonAsync();
        JsonObject wrongStatus = job.DeepClone().AsObject();
        wrongStatus["status"] = "finished";
        JsonObject missingId = job.DeepClone().AsObject();
        missingId.Remove("job_id");
        JsonObject extra = job.DeepClone().AsObject();
        extra["surprise"] = 1;
        JsonObject badTime = job.DeepClone().AsObject();
        badTime["created_at"] = "yesterday";

        Assert.Empty(await _schemas.ValidateAsync("Job", job.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("Job", wrongStatus.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("Job", missingId.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("Job", extra.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("Job", badTime.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("ErrorResponse", """{"error": {"code": "NOPE", "message": "m", "details": {}, "request_id": "r"}}"""));
        Assert.NotEmpty(await _schemas.ValidateAsync("ErrorResponse", """{"error": {"code": "JOB_NOT_FOUND", "message": "m", "details": {}}}"""));
        Assert.NotEmpty(await _schemas.ValidateAsync("OperationStatus", """{"id": "x", "status": "running"}"""));
        Assert.NotEmpty(await _schemas.ValidateAsync("JobList", """{"data": [{"job_id": 1}], "next": null}"""));
        Assert.NotEmpty(await _schemas.ValidateAsync("BatchStatusResponse", """{"data": [{"job_id": "x"}]}"""));
        Assert.NotEmpty(await _schemas.ValidateAsync("BlobPointer", """{"is_url": false, "url": "http://x", "url_expires_at": "2026-11-23T06:00:00.000Z", "content_type": null}"""));
    }

    [Fact]
    public async Task Real_job_resources_match_the_Job_schema_in_every_state()
    {
        HttpClient client = _server.Client();
        HttpResponseMessage submit = await client.SubmitAsync("test.echo", new { text = "hi" }, metadata: new { k = "v" });
        string inline = (await submit.ReadJsonAsync())["job_id"]!.GetValue<string>();
        string pointer = await client.SubmitIdAsync("test.echo", new { text = "0123456789", repeat = 10_000 });
        string failed = await client.SubmitIdAsync("test.broken", new { });
        string canceled = await client.SubmitIdAsync("test.sleep", new { ms = 30_000 });
        await client.PostAsync($"/api/jobs/{canceled}/cancel", null);
        await client.WaitAsync(inline);
        await client.WaitAsync(pointer);
        await client.WaitAsync(failed);
        HttpResponseMessage raw = await client.PostAsync("/api/jobs/test.echo", new StringContent("raw", Encoding.UTF8, "text/plain"));
        string rawId = (await raw.ReadJsonAsync())["job_id"]!.GetValue<string>();

        await _schemas.AssertValidAsync("Job", await (await client.SubmitAsync("test.echo", new { text = "queued" })).Content.ReadAsStringAsync());
        foreach (string id in new[] { inline, pointer, failed, canceled })
        {
            await _schemas.AssertValidAsync("Job", await client.GetStringAsync($"/api/jobs/{id}"));
            await _schemas.AssertValidAsync("Job", await client.GetStringAsync($"/api/jobs/{id}?include=input"));
            await _schemas.AssertValidAsync("OperationStatus", await client.GetStringAsync($"/api/operations/{id}"));
        }

        await _schemas.AssertValidAsync("Job", await client.GetStringAsync($"/api/jobs/{rawId}?include=input"));
        JsonObject pointerJob = await (await client.GetAsync($"/api/jobs/{pointer}")).ReadJsonAsync();
        Assert.Empty(await _schemas.ValidateAsync("BlobPointer", pointerJob["result"]!.ToJsonString()));
        Assert.NotEmpty(await _schemas.ValidateAsync("InlineResult", pointerJob["result"]!.ToJsonString()));
        await _schemas.AssertValidAsync("JobList", await client.GetStringAsync("/api/jobs?limit=3"));
        await _schemas.AssertValidAsync("JobList", await client.GetStringAsync("/api/jobs"));
        HttpResponseMessage batch = await client.PostAsync("/api/jobs/status", TenancyTests.Json($$"""{"job_ids": ["{{inline}}", "{{JobId.New(DateTimeOffset.UtcNow)}}", "nope", "{{failed}}"]}"""));
        await _schemas.AssertValidAsync("BatchStatusResponse", await batch.Content.ReadAsStringAsync());
        await _schemas.AssertValidAsync("OperationStatus", await client.GetStringAsync($"/api/operations/{rawId}"));
        await _schemas.AssertValidAsync("Health", await _server.Client(key: null).GetStringAsync("/api/health"));
    }

    [Fact]
    public async Task An_expired_job_matches_the_Job_schema()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "old" });
        await client.WaitAsync(id);
        var job = new JobRef("tenant-a", id);
        await _server.Services.GetRequiredService<JobTable>().TransitionAsync(job, j => j with { Status = JobStatus.Expired, OutcomeBeforeExpiry = j.Status, ResultInline = null });
        _server.Services.GetRequiredService<TerminalJobCache>().Remove(job);

        string resource = await client.GetStringAsync($"/api/jobs/{id}?include=input");
        string operation = await client.GetStringAsync($"/api/operations/{id}");

        Assert.Equal("expired", System.Text.Json.Nodes.JsonNode.Parse(resource)!["status"]!.GetValue<string>());
        Assert.Equal("Succeeded", System.Text.Json.Nodes.JsonNode.Parse(operation)!["status"]!.GetValue<string>());
        await _schemas.AssertValidAsync("Job", resource);
        await _schemas.AssertValidAsync("OperationStatus", operation);
    }

    [Fact]
    public virtual async Task Error_responses_match_the_ErrorResponse_schema()
    {
        HttpClient client = _server.Client();
        string done = await client.SubmitIdAsync("test.echo", new { text = "x" });
        await client.WaitAsync(done);
        HttpResponseMessage[] errors =
        [
            await _server.Client(key: null).GetAsync("/api/jobs"),
            await client.GetAsync($"/api/jobs/{JobId.New(DateTimeOffset.UtcNow)}"),
            await client.GetAsync("/api/jobs/not-an-id"),
            await client.PostAsync("/api/jobs", TenancyTests.Json("{")),
            await client.PostAsync("/api/jobs", TenancyTests.Json("""{"type": "nope", "input": {}}""")),
            await client.PostAsync("/api/jobs", new StringContent("x", Encoding.UTF8, "text/plain")),
            await client.PostAsync($"/api/jobs/{done}/cancel", null),
            await client.GetAsync("/api/jobs?limit=0"),
            await client.GetAsync("/api/nothing-here"),
            await client.PutAsync("/api/jobs", TenancyTests.Json("{}")),
        ];

        foreach (HttpResponseMessage response in errors)
        {
            Assert.InRange((int)response.StatusCode, 400, 499);
            await _schemas.AssertValidAsync("ErrorResponse", await response.Content.ReadAsStringAsync());
        }
    }

    private static string Normalize(string route) => "/" + PathParameter().Replace(route, "{}").TrimStart('/');

    private static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference)
        {
            return node;
        }

        JsonNode? target = document;
        foreach (string part in reference.TrimStart('#', '/').Split('/'))
        {
            target = target?[part];
        }

        return target ?? throw new InvalidOperationException($"Unresolved {reference}");
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("\"\\$ref\":\"([^\"]+)\"")]
    private static partial Regex Ref();
}
