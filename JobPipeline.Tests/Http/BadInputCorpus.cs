using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Http;

/// <summary>
/// A corpus of malformed requests: each must get its 4xx with the error envelope, never a 5xx, and must leave
/// storage exactly as it was (no row, no blob, no queue message, no idempotency claim).
/// </summary>
/// <remarks>
/// A theory's cases run one after another inside its class, so the corpus is split over <see cref="Shards"/> classes
/// that xunit runs side by side (<see cref="BadInputTests"/> and <c>BadInputShard1Tests</c>.. on JobPipeline.Server,
/// and their counterparts in FunctionsApp.Tests), each with a server of its own: a case goes to the shard of its
/// index in the corpus modulo <see cref="Shards"/>, so every case runs exactly once per host.
/// </remarks>
public abstract class BadInputCorpus(BadInputCorpus.Server server)
{
    /// <summary>How many classes the corpus is split over.</summary>
    public const int Shards = 4;

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
        new("two different keys", () => WithHeader(WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "x-api-key", PipelineFactory.KeyA, replace: true), "Authorization", "Bearer " + PipelineFactory.KeyB), 401, "UNAUTHORIZED"),

        // Lone surrogate escapes where the parser does not look at the text (issue 12, item 7).
        new("metadata property name with a lone low surrogate", () => Post("/api/jobs", """{"type": "test.echo", "input": {}, "metadata": {"\udc00": 1}}"""), 400, "INVALID_JSON"),
        new("metadata property name with a lone high surrogate", () => Post("/api/jobs", """{"type": "test.echo", "input": {}, "metadata": {"\ud800": 1}}"""), 400, "INVALID_JSON"),
        new("envelope property name with a lone surrogate", () => Post("/api/jobs", """{"\udc00": 1, "type": "test.echo", "input": {}}"""), 400, "INVALID_JSON"),
        new("batch: property name with a lone surrogate", () => Post("/api/jobs/status", $$"""{"\udc00": 1, "job_ids": ["{{ValidId}}"]}"""), 400, "INVALID_JSON"),
        new("raw: deny_list with a lone surrogate", () => Post("/api/jobs/redact?deny_list=" + Uri.EscapeDataString("""["\udc00"]"""), "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: entities with a lone surrogate", () => Post("/api/jobs/redact?entities=" + Uri.EscapeDataString("""["\ud800"]"""), "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: patterns with a lone surrogate in a name", () => Post("/api/jobs/redact?patterns=" + Uri.EscapeDataString("""[{"\udc00": "x"}]"""), "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: deny_list after a space with a lone surrogate", () => Post("/api/jobs/redact?deny_list=" + Uri.EscapeDataString(""" ["\udc00"]"""), "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("raw: patterns after a space with a lone surrogate in a name", () => Post("/api/jobs/redact?patterns=" + Uri.EscapeDataString(""" [{"name": "\udc00", "regex": "x"}]"""), "doc", "text/plain"), 400, "VALIDATION_FAILED"),
        new("envelope: deny_list as JSON text with a lone surrogate", () => Post("/api/jobs", """{"type": "redact", "input": {"text": "t"}, "options": {"deny_list": "[\"\\udc00\"]"}}"""), 400, "VALIDATION_FAILED"),
        new("raw: deny_list of percent-encoded invalid UTF-8", () => Post("/api/jobs/redact?deny_list=%5B%22%ED%B0%80%22%5D", "doc", "text/plain"), 400, "VALIDATION_FAILED"),
    }.ToDictionary(c => c.Name);

    /// <summary>Text that is not text: each is put in every place of every route that reads client text (<see cref="Placements"/>).</summary>
    private static readonly Dictionary<string, MalformedText> Fragments = new MalformedText[]
    {
        new("lone low surrogate", @"\udc00"u8.ToArray(), "\udc00", "%5Cudc00", "%ED%B0%80"),
        new("lone high surrogate", @"\ud800"u8.ToArray(), "\ud800", "%5Cud800", "%ED%A0%80"),
        new("reversed surrogate pair", @"\udc00\ud800"u8.ToArray(), "\udc00\ud800", "%5Cudc00%5Cud800", "%ED%B0%80%ED%A0%80"),
        new("invalid UTF-8", [0xC3, 0x28, 0xFF], "\u00c3(\u00ff", "%C3%28%FF", "%C3%28%FF"),
        new("overlong slash", [0xC0, 0xAF], "\u00c0\u00af", "%C0%AF", "%C0%AF"),
        new("cut sequence", [0xE2, 0x82], "\u00e2\u0082", "%E2%82", "%E2%82"),
    }.ToDictionary(f => f.Name);

    /// <summary>Every place a route reads client text, each with an otherwise valid request, so that only the text is at fault.</summary>
    private static readonly Dictionary<string, Func<MalformedText, HttpRequestMessage>> Placements = new()
    {
        ["envelope: type"] = f => PostJson("/api/jobs", "{\"type\": \"", f, "\", \"input\": {}}"),
        ["envelope: field name"] = f => PostJson("/api/jobs", "{\"", f, "\": 1, \"type\": \"test.echo\", \"input\": {}}"),
        ["envelope: input field name"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {\"", f, "\": 1}}"),
        ["envelope: input text"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {\"text\": \"", f, "\"}}"),
        ["envelope: options name"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {}, \"options\": {\"", f, "\": 1}}"),
        ["envelope: options value"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {}, \"options\": {\"mode\": \"", f, "\"}}"),
        ["envelope: metadata name"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {}, \"metadata\": {\"", f, "\": 1}}"),
        ["envelope: metadata value"] = f => PostJson("/api/jobs", "{\"type\": \"test.echo\", \"input\": {}, \"metadata\": {\"m\": \"", f, "\"}}"),
        ["envelope: redact deny_list"] = f => PostJson("/api/jobs", "{\"type\": \"redact\", \"input\": {\"text\": \"t\"}, \"options\": {\"deny_list\": [\"", f, "\"]}}"),
        ["envelope: redact pattern name"] = f => PostJson("/api/jobs", "{\"type\": \"redact\", \"input\": {\"text\": \"t\"}, \"options\": {\"patterns\": [{\"name\": \"", f, "\", \"regex\": \"x\"}]}}"),
        ["envelope: mask value"] = f => PostJson("/api/jobs", "{\"type\": \"mask\", \"input\": {\"mask\": [{\"token_name\": \"n\", \"value\": \"", f, "\"}]}}"),
        ["batch: field name"] = f => PostJson("/api/jobs/status", "{\"", f, $"\": 1, \"job_ids\": [\"{ValidId}\"]}}"),
        ["batch: job id"] = f => PostJson("/api/jobs/status", "{\"job_ids\": [\"", f, "\"]}"),
        ["raw: deny_list"] = f => Post($"/api/jobs/redact?deny_list=%5B%22{f.InJsonInQuery}%22%5D", "doc", "text/plain"),
        ["raw: entities"] = f => Post($"/api/jobs/redact?entities=%5B%22{f.InJsonInQuery}%22%5D", "doc", "text/plain"),
        ["raw: pattern name"] = f => Post($"/api/jobs/redact?patterns=%5B%7B%22name%22%3A%22{f.InJsonInQuery}%22%2C%22regex%22%3A%22x%22%7D%5D", "doc", "text/plain"),
        ["raw: option value"] = f => Post($"/api/jobs/redact?mode={f.InQuery}", "doc", "text/plain"),
        ["raw: option name"] = f => Post($"/api/jobs/redact?{f.InQuery}=1", "doc", "text/plain"),
        ["raw: type in the path"] = f => Post($"/api/jobs/{f.InQuery}", "doc", "text/plain"),
        ["raw: content type"] = f => WithContentType(Post("/api/jobs/redact", "doc", "text/plain"), $"text/{f.Text}"),
        ["envelope: content type"] = f => WithContentType(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), $"application/{f.Text}"),
        ["envelope: Idempotency-Key"] = f => WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "Idempotency-Key", f.Text),
        ["raw: Idempotency-Key"] = f => WithHeader(Post("/api/jobs/test.echo", "doc", "text/plain"), "Idempotency-Key", f.Text),
        ["x-api-key"] = f => WithHeader(Post("/api/jobs", """{"type": "test.echo", "input": {}}"""), "x-api-key", f.Text, replace: true),
        ["bearer token"] = f => WithHeader(WithoutKey(Post("/api/jobs", """{"type": "test.echo", "input": {}}""")), "Authorization", "Bearer " + f.Text),
        ["job id"] = f => Get($"/api/jobs/{f.InQuery}"),
        ["job id of a result"] = f => Get($"/api/jobs/{f.InQuery}/result"),
        ["job id of a cancel"] = f => new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{f.InQuery}/cancel"),
        ["job id of a delete"] = f => new HttpRequestMessage(HttpMethod.Delete, $"/api/jobs/{f.InQuery}"),
        ["operation id"] = f => Get($"/api/operations/{f.InQuery}"),
        ["include"] = f => Get($"/api/jobs/{ValidId}?include={f.InQuery}"),
        ["If-None-Match of an unknown job"] = f => WithHeader(Get($"/api/jobs/{ValidId}"), "If-None-Match", $"\"{f.Text}\""),
        ["list: status"] = f => Get($"/api/jobs?status={f.InQuery}"),
        ["list: type"] = f => Get($"/api/jobs?type={f.InQuery}"),
        ["list: continuation"] = f => Get($"/api/jobs?continuation={f.InQuery}"),
        ["list: parameter name"] = f => Get($"/api/jobs?{f.InQuery}=1"),
        ["list: limit"] = f => Get($"/api/jobs?limit=1{f.InQuery}"),
        ["result: query"] = f => Get($"/api/jobs/{ValidId}/result?x={f.InQuery}"),
        ["cancel: query"] = f => new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{ValidId}/cancel?x={f.InQuery}"),
        ["openapi: query"] = f => Get($"/api/openapi.json?x={f.InQuery}"),
        ["envelope: query"] = f => Post($"/api/jobs?x={f.InQuery}", """{"type": "test.echo", "input": {}}"""),
    };

    public static TheoryData<string, string> FragmentsInPlaces
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string fragment in Fragments.Keys)
            {
                foreach (string placement in Placements.Keys)
                {
                    data.Add(fragment, placement);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>The names of the cases of one shard (<see cref="Shards"/>).</summary>
    public static TheoryData<string> NamesInShard(int shard) => [.. Cases.Keys.Where((_, index) => index % Shards == shard)];

    /// <summary>The fragment and placement pairs of one shard (<see cref="Shards"/>).</summary>
    public static TheoryData<string, string> FragmentsInPlacesInShard(int shard)
    {
        var data = new TheoryData<string, string>();
        int index = 0;
        foreach (string fragment in Fragments.Keys)
        {
            foreach (string placement in Placements.Keys)
            {
                if (index++ % Shards == shard)
                {
                    data.Add(fragment, placement);
                }
            }
        }

        return data;
    }

    /// <summary>The number of cases of the corpus, for <see cref="BadInputTests"/>'s check.</summary>
    protected static int CaseCount => Cases.Count;

    /// <summary>Sends the case <paramref name="name"/>: it must get its 4xx envelope and write nothing.</summary>
    protected async Task AssertRejectedAsync(string name)
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

    /// <summary>Sends <paramref name="fragment"/> in <paramref name="placement"/>: it must get a 4xx envelope and write nothing.</summary>
    protected async Task AssertFragmentRejectedAsync(string fragment, string placement)
    {
        StorageCounts before = await StorageCounts.ReadAsync(server.Factory);
        using HttpRequestMessage request = Placements[placement](Fragments[fragment]);
        HttpClient client = server.Factory.Client(request.Headers.Contains("x-api-key") || request.Headers.Contains("Authorization") ? null : PipelineFactory.KeyA);

        HttpResponseMessage response = await client.SendAsync(request);

        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{fragment} in {placement}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonObject error = JsonNode.Parse(text)!["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["code"]!.GetValue<string>()));
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), error["request_id"]!.GetValue<string>());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(before, await StorageCounts.ReadAsync(server.Factory));
    }

    /// <summary>Sends requests with the malformed <c>x-request-id</c> <paramref name="fragment"/> on every route: each gets a fresh id.</summary>
    protected async Task AssertRequestIdReplacedAsync(string fragment)
    {
        MalformedText text = Fragments[fragment];
        List<string> paths = ["/api/health", "/api/jobs", $"/api/jobs/{ValidId}", $"/api/operations/{ValidId}", "/api/openapi.json"];
        if (server.Factory.Host is null)
        {
            // The Functions host answers a route that no function declares itself, with an empty 404 (docs/functions.md).
            paths.Add("/api/no-such-route");
        }

        foreach (string path in paths)
        {
            using HttpRequestMessage request = WithHeader(Get(path), "x-request-id", text.Text);
            HttpResponseMessage response = await server.Factory.Client().SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
            Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("x-request-id").Single());
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A JSON body with the fragment's bytes spliced between two pieces of text, as a client could send it.</summary>
    private static HttpRequestMessage PostJson(string path, string before, MalformedText fragment, string after) =>
        PostBytes(path, [.. Encoding.UTF8.GetBytes(before), .. fragment.InJson, .. Encoding.UTF8.GetBytes(after)], "application/json");

    private static HttpRequestMessage WithContentType(HttpRequestMessage request, string contentType)
    {
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    private static HttpRequestMessage WithoutKey(HttpRequestMessage request)
    {
        request.Headers.Remove("x-api-key");
        return request;
    }

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

    /// <summary>One malformed text in each of its spellings: inside a JSON string (escapes or raw bytes), as a header value, percent-encoded inside JSON in a query, and percent-encoded as a query or path value.</summary>
    public sealed record MalformedText(string Name, byte[] InJson, string Text, string InJsonInQuery, string InQuery);

    /// <summary>One server for the corpus, with no worker, so that its queue keeps exactly what was sent.</summary>
    public class Server : IAsyncLifetime
    {
        /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs the corpus on FunctionsApp too.</summary>
        protected virtual PipelineHost? Host => null;

        public PipelineFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // The corpus sends many bad keys from one client: the failed-authentication throttle must not answer them first.
            Factory = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
            {
                ["JobPipeline:Worker:Enabled"] = "false",
                ["JobPipeline:RateLimit:FailedAuthenticationBurst"] = "100000",
            },
            host: Host);
            HttpClient client = Factory.Client();
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SubmitAsync("test.echo", new { text = "so that storage is not empty" })).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = Json("""{"type": "test.echo", "input": {"text": "claimed"}}""") };
            request.Headers.Add("Idempotency-Key", "existing");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
