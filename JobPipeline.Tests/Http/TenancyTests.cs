using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class TenancyTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_bearer_token_is_accepted_like_the_x_api_key_header()
    {
        HttpClient client = _server.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineFactory.KeyB);

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("wrong-key", null)]
    [InlineData(null, "Bearer wrong-key")]
    [InlineData(null, "Basic dGVzdDp0ZXN0")]
    [InlineData("", null)]
    [InlineData(null, "Bearer ")]
    public async Task No_key_or_an_unknown_key_answers_401_with_the_envelope(string? apiKey, string? authorization)
    {
        HttpClient client = _server.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("UNAUTHORIZED", body["error"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["request_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Keys_are_configured_as_SHA_256_hashes_only()
    {
        HttpClient client = _server.Client(key: PipelineFactory.Sha256(PipelineFactory.KeyA));

        HttpResponseMessage response = await client.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_job_answers_byte_for_byte_like_an_unknown_id_on_every_route()
    {
        HttpClient a = _server.Client(PipelineFactory.KeyA);
        HttpClient b = _server.Client(PipelineFactory.KeyB);
        string id = await a.SubmitIdAsync("test.echo", new { text = "secret of a" });
        await a.WaitAsync(id);
        string unknown = JobPipeline.Jobs.JobId.New(DateTimeOffset.UtcNow);
        (HttpMethod Method, string Path)[] routes =
        [
            (HttpMethod.Get, "/api/jobs/{0}"),
            (HttpMethod.Get, "/api/jobs/{0}?include=input"),
            (HttpMethod.Get, "/api/jobs/{0}/result"),
            (HttpMethod.Get, "/api/operations/{0}"),
            (HttpMethod.Post, "/api/jobs/{0}/cancel"),
            (HttpMethod.Delete, "/api/jobs/{0}"),
        ];

        foreach ((HttpMethod method, string path) in routes)
        {
            (HttpResponseMessage other, string otherBody) = await SendAsync(b, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id));
            (HttpResponseMessage none, string noneBody) = await SendAsync(b, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, unknown));

            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Equal(WithoutRequestId(noneBody), WithoutRequestId(otherBody));
            Assert.Equal(Headers(none), Headers(other));
            Assert.Contains("JOB_NOT_FOUND", otherBody, StringComparison.Ordinal);
        }

        JsonObject batch = await (await b.PostAsync("/api/jobs/status", Json($"{{\"job_ids\": [\"{id}\", \"{unknown}\"]}}"))).ReadJsonAsync();
        JsonArray data = batch["data"]!.AsArray();
        Assert.Equal(data[1]!["error"]!.ToJsonString(), data[0]!["error"]!.ToJsonString());
        Assert.Equal(id, data[0]!["job_id"]!.GetValue<string>());
        JsonObject list = await (await b.GetAsync("/api/jobs")).ReadJsonAsync();
        Assert.Empty(list["data"]!.AsArray());
        JsonObject still = await (await a.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
        Assert.Equal("completed", still["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tenants_jobs_are_one_table_partition()
    {
        HttpClient a = _server.Client(PipelineFactory.KeyA);
        string id = await a.SubmitIdAsync("test.echo", new { text = "x" });
        var table = new Azure.Data.Tables.TableClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:JobsTableName"));

        Azure.Data.Tables.TableEntity row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("tenant-a", id)).Value;

        Assert.Equal("tenant-a", row.PartitionKey);
        Assert.Equal(id, row.RowKey);
    }

    internal static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        HttpResponseMessage response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string WithoutRequestId(string body)
    {
        JsonObject json = JsonNode.Parse(body)!.AsObject();
        json["error"]!.AsObject().Remove("request_id");
        return json.ToJsonString();
    }

    private static string Headers(HttpResponseMessage response) =>
        string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("x-request-id", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
}
