using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class IdempotencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() =>
        _server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_same_key_and_body_return_the_first_job_with_200_and_the_same_headers()
    {
        HttpClient client = _server.Client();
        const string body = """{"type": "test.echo", "input": {"text": "once"}}""";

        HttpResponseMessage first = await client.SendAsync(Submit(body, "key-1"));
        HttpResponseMessage second = await client.SendAsync(Submit(body, "key-1"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        JsonObject a = await first.ReadJsonAsync();
        JsonObject b = await second.ReadJsonAsync();
        Assert.Equal(a["job_id"]!.GetValue<string>(), b["job_id"]!.GetValue<string>());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.GetValues("Operation-Location"), second.Headers.GetValues("Operation-Location"));
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Single((await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task The_same_key_with_another_body_answers_409_IDEMPOTENCY_KEY_REUSED()
    {
        HttpClient client = _server.Client();
        await client.SendAsync(Submit("""{"type": "test.echo", "input": {"text": "one"}}""", "key-2"));
        StorageCounts before = await StorageCounts.ReadAsync(_server);

        HttpResponseMessage response = await client.SendAsync(Submit("""{"type": "test.echo", "input": {"text": "two"}}""", "key-2"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.Equal(before, await StorageCounts.ReadAsync(_server));
    }

    [Fact]
    public async Task A_raw_document_with_the_same_key_and_body_returns_the_first_job_and_another_body_409()
    {
        HttpClient client = _server.Client();

        HttpResponseMessage first = await client.SendAsync(Raw("doc", "raw-key"));
        HttpResponseMessage again = await client.SendAsync(Raw("doc", "raw-key"));
        HttpResponseMessage other = await client.SendAsync(Raw("other doc", "raw-key"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync())["job_id"]!.GetValue<string>(), (await again.ReadJsonAsync())["job_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        StorageCounts counts = await StorageCounts.ReadAsync(_server);
        Assert.Equal(1, counts.JobRows);
        Assert.Equal(1, counts.Blobs);
        Assert.Equal(1, counts.Messages);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Concurrent_identical_submits_make_exactly_one_job(int concurrency)
    {
        HttpClient client = _server.Client();
        const string body = """{"type": "test.echo", "input": {"text": "race"}}""";
        string key = $"race-{concurrency}";

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => client.SendAsync(Submit(body, key))));

        string[] ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["job_id"]!.GetValue<string>()));
        Assert.Single(ids.Distinct());
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK));
        JsonArray listed = (await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray();
        Assert.Single(listed);
        StorageCounts counts = await StorageCounts.ReadAsync(_server);
        Assert.Equal(1, counts.JobRows);
        Assert.Equal(1, counts.Messages);
    }

    [Fact]
    public async Task Keys_are_per_tenant()
    {
        const string body = """{"type": "test.echo", "input": {"text": "shared key"}}""";

        HttpResponseMessage a = await _server.Client(PipelineFactory.KeyA).SendAsync(Submit(body, "shared"));
        HttpResponseMessage b = await _server.Client(PipelineFactory.KeyB).SendAsync(Submit(body, "shared"));

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        Assert.NotEqual((await a.ReadJsonAsync())["job_id"]!.GetValue<string>(), (await b.ReadJsonAsync())["job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_key_the_same_body_makes_two_jobs()
    {
        HttpClient client = _server.Client();

        await client.SubmitIdAsync("test.echo", new { text = "t" });
        await client.SubmitIdAsync("test.echo", new { text = "t" });

        Assert.Equal(2, (await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray().Count);
    }

    private static HttpRequestMessage Submit(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage Raw(string document, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/test.echo") { Content = new StringContent(document, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
