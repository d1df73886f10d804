using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class ConditionalReadTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() =>
        _server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_answers_304_and_a_changed_job_a_new_ETag()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "etag" });
        HttpResponseMessage first = await client.GetAsync($"/api/jobs/{id}");
        EntityTagHeaderValue etag = first.Headers.ETag!;

        HttpResponseMessage notModified = await GetAsync(client, id, etag.Tag);
        await client.PostAsync($"/api/jobs/{id}/cancel", null);
        HttpResponseMessage changed = await GetAsync(client, id, etag.Tag);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.NotNull(notModified.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal("canceled", (await changed.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, id, changed.Headers.ETag!.Tag)).StatusCode);
    }

    [Fact]
    public async Task If_None_Match_with_a_list_of_tags_or_a_star_matches()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "etag" });
        string etag = (await client.GetAsync($"/api/jobs/{id}")).Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, id, $"\"other\", {etag}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(client, id, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, id, "\"other\"")).StatusCode);
    }

    [Fact]
    public async Task The_submit_answers_ETag_is_the_one_a_read_gives()
    {
        HttpClient client = _server.Client();
        HttpResponseMessage submit = await client.SubmitAsync("test.echo", new { text = "etag" });
        string id = (await submit.ReadJsonAsync())["job_id"]!.GetValue<string>();

        HttpResponseMessage read = await GetAsync(client, id, submit.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.NotModified, read.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string id, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }
}
