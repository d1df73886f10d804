using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Http;

/// <summary>
/// A corpus of malformed requests: each must get its 4xx with the error envelope, never a 5xx, and must leave
/// storage exactly as it was (no row, no blob, no queue message, no idempotency claim).
/// </summary>
public class BadInputTests(BadInputTests.Server server) : IClassFixture<BadInputTests.Server>
{
    private static readonly string ValidId = JobPipeline.Jobs.JobId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly Dictionary<string, BadRequest> Cases = new BadRequest[]
    {
        // The JSON envelope of POST /api/jobs.
        new("empty body", () => Post("/api/jobs", ""), 400, "INVALID_JSON"),
        new("truncated JSON", () => Post("/api/jobs", """{"type": "test.echo", "input": {"""), 400, "INVALID_JSON"),
        new("trailing garbage", () => Post("/api/jobs", """{"type": "test.echo", "input": {}} x"""), 400, "INVALID_JSON"),
        new("single quotes", () => Post("/api/jobs", "{'type': 'test.echo', 'input': {}}"), 400, "INVALID_JSON"),
        new("comments", () => Post("/api/jobs", """{"type": "test.echo", /* hi */ "input": {}}"""), 400, "INVALID_JSON"),
        new("trailing comma", () => Post("/api/jobs", """{"type": "test.echo", "input": {},}"""), 400, "INVALID_JSON"),
        new("array instead of object", () => Post("/api/jobs", """[{"type": "test.echo", "input": {}}]"""), 400, "VALIDATION_FAILED"),
        new("null body", () => Post("/api/jobs", "null"), 400, "VALIDATION_FAILED"),
        new("string body", () => Post("/api/jobs", "\"test.echo\""), 400, "VALIDATION_FAILED"),
        new("number body", () => Post("/api/jobs", "42"), 400, "VALIDATION_FAILED"),
        new("type is a number", () => Post("/api/jobs", """{"type": 5, "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("type is null", () => Post("/api/jobs", """{"type": null, "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("type is missing", () => Post("/api/jobs", """{"input": {}}"""), 400, "VALIDATION_FAILED"),
        new("unknown type", () => Post("/api/jobs", """{"type": "no.such.type", "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("type with a NUL", () => Post("/api/jobs", """{"type": "test.echo\u0000", "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("type with a Cyrillic homoglyph", () => Post("/api/jobs", """{"type": "tеst.echo", "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("type with a lone surrogate", () => Post("/api/jobs", """{"type": "\ud800", "input": {}}"""), 400, "INVALID_JSON"),
        new("input with a lone surrogate", () => Post("/api/jobs", """{"type": "test.echo", "input": {"text": "a\udc00b"}}"""), 400, "INVALID_JSON"),
        new("type in another case", () => Post("/api/jobs", """{"type": "TEST.ECHO", "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("input is missing", () => Post("/api/jobs", """{"type": "test.echo"}"""), 400, "VALIDATION_FAILED"),
        new("input is null", () => Post("/api/jobs", """{"type": "test.echo", "input": null}"""), 400, "VALIDATION_FAILED"),
        new("input of the wrong shape", () => Post("/api/jobs", """{"type": "test.echo", "input": [1, 2]}"""), 400, "VALIDATION_FAILED"),
        new("options is an array", () => Post("/api/jobs", """{"type": "test.echo", "input": {}, "options": [1]}"""), 400, "VALIDATION_FAILED"),
        new("metadata is a string", () => Post("/api/jobs", """{"type": "test.echo", "input": {}, "metadata": "m"}"""), 400, "VALIDATION_FAILED"),
        new("metadata too large", () => Post("/api/jobs", $$$"""{"type": "test.echo", "input": {}, "metadata": {"m": "{{{new string('m', 9000)}}}"}}"""), 400, "VALIDATION_FAILED"),
        new("unknown envelope field", () => Post("/api/jobs", """{"type": "test.echo", "input": {}, "priority": 1}"""), 400, "VALIDATION_FAILED"),
        new("envelope field in another case", () => Post("/api/jobs", """{"Type": "test.echo", "input": {}}"""), 400, "VALIDATION_FAILED"),
        new("duplicate envelope field", () => Post("/api/jobs", """{"type": "test.sleep", "type": "test.echo", "input": {}}"""), 400, "INVALID_JSON"),
        new("deeply nested JSON", () => Post("/api/jobs", $$"""{"type": "test.echo", "input": {{new string('[', 5000)}}{{new string(']', 5000)}}}"""), 400, "INVALID_JSON"),
        new("invalid UTF-8", () => PostBytes("/api/jobs", [.. "{\"type\": \"test.echo\", \"input\": {\"text\": \""u8, 0xC3, 0x28, 0xFF, .. "\"}}"u8], "application/json"), 400, "INVALID_JSON"),
        new("UTF-16 body", () => PostBytes("/api/jobs", Encoding.Unicode.GetBytes("""{"type": "test.echo", "input": {}}"""), "application/json; charset=utf-16"), 400, "INVALID_JSON"),
        new("text/plain envelope", () => Post("/api/jobs", """{"type": "test.echo", "input": {}}""", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("no content type", () => PostBytes("/api/jobs", """{"type": "test.echo", "input": {}}"""u8.ToArray(), null), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("form-encoded envelope", () => Post("/api/jobs", "type=test.echo&input=x", "application/x-www-form-urlencoded"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("Idempotency-Key too long", () => WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "Idempotency-Key", new string('k', 300)), 400, "VALIDATION_FAILED"),
        new("Idempotency-Key with spaces", () => WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "Idempotency-Key", "a key"), 400, "VALIDATION_FAILED"),
        new("Idempotency-Key of 256 characters", () => WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "Idempotency-Key", new string('k', 256)), 400, "VALIDATION_FAILED"),
        new("Idempotency-Key twice", () => WithHeader(WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "Idempotency-Key", "a"), "Idempotency-Key", "b"), 400, "VALIDATION_FAILED"),

        // Raw documents on POST /api/jobs/{type}.
        new("raw: empty document", () => Post("/api/jobs/test.echo", "", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: empty chunked document", () => new HttpRequestMessage(HttpMethod.Post, "/api/jobs/test.echo") { Content = new StreamContent(new NonSeekableStream()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } } }, 400, "VALIDATION_FAILED"),
        new("raw: unknown type", () => Post("/api/jobs/no.such.type", "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: content type the type cannot take", () => Post("/api/jobs/test.echo", "doc", "application/pdf"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("raw: type that takes no documents", () => Post("/api/jobs/test.sleep", "doc", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("raw: no content type", () => PostBytes("/api/jobs/test.echo", "doc"u8.ToArray(), null), 415, "UNSUPPORTED_MEDIA_TYPE"),
        new("raw: duplicate query option", () => Post("/api/jobs/test.echo?mode=a&mode=b", "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: traversal in the type", () => Post("/api/jobs/..%2F..%2Fhealth", "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: bad Idempotency-Key", () => WithHeader(Post("/api/jobs/test.echo", "doc", "text/plain"), "Idempotency-Key", "é"), 400, "VALIDATION_FAILED"),

        // Job ids in paths.
        new("id too short", () => Get("/api/jobs/abc"), 400, "INVALID_JOB_ID"),
        new("huge id", () => Get("/api/jobs/" + new string('a', 4000)), 400, "INVALID_JOB_ID"),
        new("id with traversal", () => Get("/api/jobs/..%2F..%2F..%2Fhealth"), 400, "INVALID_JOB_ID"),
        new("id with an encoded control character", () => Get("/api/jobs/" + ValidId[..25] + "%09"), 400, "INVALID_JOB_ID"),
        new("id in uppercase", () => Get("/api/jobs/" + ValidId.ToUpperInvariant()), 400, "INVALID_JOB_ID"),
        new("id with letters outside the alphabet", () => Get("/api/jobs/" + ValidId[..25] + "u"), 400, "INVALID_JOB_ID"),
        new("id in fullwidth digits", () => Get("/api/jobs/" + Uri.EscapeDataString(new string('０', 26))), 400, "INVALID_JOB_ID"),
        new("id of an OData expression", () => Get("/api/jobs/" + Uri.EscapeDataString("x' or PartitionKey ne 'x")), 400, "INVALID_JOB_ID"),
        new("include given twice", () => Get($"/api/jobs/{ValidId}?include=input&include=input"), 400, "VALIDATION_FAILED"),
        new("include of something else", () => Get($"/api/jobs/{ValidId}?include=secrets"), 400, "VALIDATION_FAILED"),
        new("unknown job", () => Get($"/api/jobs/{ValidId}"), 404, "JOB_NOT_FOUND"),
        new("operation of a bad id", () => Get("/api/operations/" + ValidId + ValidId), 400, "INVALID_JOB_ID"),
        new("operation of a dot-dot id", () => Get("/api/operations/%2e%2e"), 404, "NOT_FOUND"),
        new("result of a bad id", () => Get("/api/jobs/bad/result"), 400, "INVALID_JOB_ID"),
        new("cancel of a bad id", () => new HttpRequestMessage(HttpMethod.Post, "/api/jobs/bad/cancel"), 400, "INVALID_JOB_ID"),
        new("cancel of an unknown job", () => new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{ValidId}/cancel"), 404, "JOB_NOT_FOUND"),
        new("delete of a bad id", () => new HttpRequestMessage(HttpMethod.Delete, "/api/jobs/" + new string('z', 27)), 400, "INVALID_JOB_ID"),

        // The list's query string.
        new("limit 0", () => Get("/api/jobs?limit=0"), 400, "VALIDATION_FAILED"),
        new("limit 101", () => Get("/api/jobs?limit=101"), 400, "VALIDATION_FAILED"),
        new("negative limit", () => Get("/api/jobs?limit=-1"), 400, "VALIDATION_FAILED"),
        new("huge limit", () => Get("/api/jobs?limit=99999999999999999999"), 400, "VALIDATION_FAILED"),
        new("limit not a number", () => Get("/api/jobs?limit=ten"), 400, "VALIDATION_FAILED"),
        new("limit with a decimal point", () => Get("/api/jobs?limit=1.5"), 400, "VALIDATION_FAILED"),
        new("empty limit", () => Get("/api/jobs?limit="), 400, "VALIDATION_FAILED"),
        new("duplicate limit", () => Get("/api/jobs?limit=1&limit=2"), 400, "VALIDATION_FAILED"),
        new("unknown status", () => Get("/api/jobs?status=done"), 400, "VALIDATION_FAILED"),
        new("unknown list parameter", () => Get("/api/jobs?tenant=tenant-b"), 400, "VALIDATION_FAILED"),
        new("continuation not base64", () => Get("/api/jobs?continuation=%%%not-a-token"), 400, "VALIDATION_FAILED"),
        new("continuation of someone else's making", () => Get("/api/jobs?continuation=" + Convert.ToBase64String("NextPartitionKey tenant-b"u8.ToArray()).TrimEnd('=')), 400, "VALIDATION_FAILED"),
        new("continuation too long", () => Get("/api/jobs?continuation=" + new string('A', 5000)), 400, "VALIDATION_FAILED"),
        new("empty continuation", () => Get("/api/jobs?continuation="), 400, "VALIDATION_FAILED"),

        // Batch status.
        new("batch: job_ids missing", () => Post("/api/jobs/status", "{}"), 400, "VALIDATION_FAILED"),
        new("batch: job_ids not an array", () => Post("/api/jobs/status", """{"job_ids": "x"}"""), 400, "VALIDATION_FAILED"),
        new("batch: a number among the ids", () => Post("/api/jobs/status", $$"""{"job_ids": ["{{ValidId}}", 7]}"""), 400, "VALIDATION_FAILED"),
        new("batch: a null among the ids", () => Post("/api/jobs/status", """{"job_ids": [null]}"""), 400, "VALIDATION_FAILED"),
        new("batch: an array body", () => Post("/api/jobs/status", $$"""["{{ValidId}}"]"""), 400, "VALIDATION_FAILED"),
        new("batch: bad JSON", () => Post("/api/jobs/status", """{"job_ids": ["""), 400, "INVALID_JSON"),
        new("batch: text/plain", () => Post("/api/jobs/status", """{"job_ids": ["x"]}""", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),

        // Routes and methods the API does not have.
        new("PUT on the jobs collection", () => new HttpRequestMessage(HttpMethod.Put, "/api/jobs") { Content = Json("{}") }, 405, "METHOD_NOT_ALLOWED"),
        new("DELETE on the jobs collection", () => new HttpRequestMessage(HttpMethod.Delete, "/api/jobs"), 405, "METHOD_NOT_ALLOWED"),
        new("PATCH on a job", () => new HttpRequestMessage(HttpMethod.Patch, $"/api/jobs/{ValidId}") { Content = Json("{}") }, 405, "METHOD_NOT_ALLOWED"),
        new("GET on cancel", () => Get($"/api/jobs/{ValidId}/cancel"), 405, "METHOD_NOT_ALLOWED"),
        new("POST on an operation", () => new HttpRequestMessage(HttpMethod.Post, $"/api/operations/{ValidId}"), 405, "METHOD_NOT_ALLOWED"),
        new("unknown route", () => Get("/api/jobz"), 404, "NOT_FOUND"),
        new("route outside the API", () => Get("/admin"), 404, "NOT_FOUND"),
        new("unknown key", () => WithHeader(new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = Json("""{"type": "test.echo", "input": {}}""") }, "x-api-key", "nope", replace: true), 401, "UNAUTHORIZED"),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Fact]
    public void The_corpus_has_at_least_forty_cases()
    {
        Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public virtual async Task A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(string name)
    {
        BadRequest bad = Cases[name];
        HttpClient client = server.Factory.Client();
        StorageCounts before = await StorageCounts.ReadAsync(server.Factory);

        using HttpRequestMessage request = bad.Request();
        if (request.Headers.Contains("x-api-key"))
        {
            client = server.Factory.Client(key: null);
        }

        HttpResponseMessage response = await client.SendAsync(request);

        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == bad.Status, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonObject error = JsonNode.Parse(text)!["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["code"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(error["request_id"]!.GetValue<string>()));
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), error["request_id"]!.GetValue<string>());
        if (bad.Code is not null)
        {
            Assert.Equal(bad.Code, error["code"]!.GetValue<string>());
        }

        Assert.Equal(before, await StorageCounts.ReadAsync(server.Factory));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, string body, string contentType = "application/json") =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    private static HttpRequestMessage PostBytes(string path, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value, bool replace = false)
    {
        if (replace)
        {
            request.Headers.Remove(name);
        }

        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>An empty body of unknown length: sent chunked, with no Content-Length.</summary>
    private sealed class NonSeekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }

    public sealed record BadRequest(string Name, Func<HttpRequestMessage> Request, int Status, string? Code);

    /// <summary>One server for the corpus, with no worker, so that its queue keeps exactly what was sent.</summary>
    public class Server : IAsyncLifetime
    {
        /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs the corpus on FunctionsApp too.</summary>
        protected virtual PipelineHost? Host => null;

        public PipelineFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Factory = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host);
            HttpClient client = Factory.Client();
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SubmitAsync("test.echo", new { text = "so that storage is not empty" })).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = Json("""{"type": "test.echo", "input": {"text": "claimed"}}""") };
            request.Headers.Add("Idempotency-Key", "existing");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
