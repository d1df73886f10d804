using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class LimitsTests(ITestOutputHelper output)
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    [Theory]
    [InlineData("/api/jobs", "application/json", true)]
    [InlineData("/api/jobs", "application/json", false)]
    [InlineData("/api/jobs/test.echo", "text/plain", true)]
    [InlineData("/api/jobs/test.echo", "text/plain", false)]
    [InlineData("/api/jobs/status", "application/json", true)]
    public async Task A_body_over_the_configured_maximum_answers_413_and_stores_nothing(string path, string contentType, bool declaredLength)
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:MaxRequestBodyBytes"] = "2048",
            ["JobPipeline:MaxEnvelopeBytes"] = "2048",
            ["JobPipeline:Worker:Enabled"] = "false",
        }, host: Host, output: output);
        HttpClient client = server.Client();
        await client.GetAsync("/api/jobs");
        StorageCounts before = await StorageCounts.ReadAsync(server);
        string text = new('x', path == "/api/jobs/status" ? 70_000 : 5000);
        string body = contentType == "application/json" ? $$$"""{"type": "test.echo", "input": {"text": "{{{text}}}"}}""" : text;
        if (path == "/api/jobs/status")
        {
            body = $$"""{"job_ids": ["{{text}}"]}""";
        }

        HttpResponseMessage response = await client.PostAsync(path, declaredLength
            ? new StringContent(body, Encoding.UTF8, contentType)
            : new ChunkedContent(Encoding.UTF8.GetBytes(body), contentType));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        JsonObject error = await response.ReadJsonAsync();
        Assert.Equal("PAYLOAD_TOO_LARGE", error["error"]!["code"]!.GetValue<string>());
        Assert.Equal(before, await StorageCounts.ReadAsync(server));
    }

    [Fact]
    public async Task A_body_just_under_the_maximum_is_accepted()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:MaxRequestBodyBytes"] = "2048",
            ["JobPipeline:Worker:Enabled"] = "false",
        }, host: Host, output: output);

        HttpResponseMessage response = await server.Client().PostAsync("/api/jobs/test.echo", new ChunkedContent(new byte[2048].Select(_ => (byte)'y').ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Past_the_tenants_rate_limit_requests_answer_429_with_Retry_After_and_other_tenants_are_unaffected()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:RateLimit:RequestsPerSecond"] = "1",
            ["JobPipeline:RateLimit:Burst"] = "2",
        }, host: Host, output: output);
        HttpClient a = server.Client(PipelineFactory.KeyA);
        HttpClient b = server.Client(PipelineFactory.KeyB);

        // Ten requests at once rather than one after another: the bucket refills one token a second, and on a loaded
        // machine four sequential requests could take long enough to be granted a refill each (a 200 where the test
        // wanted its 429); ten at once would have to spread over more than eight seconds for that.
        HttpResponseMessage[] burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => a.GetAsync("/api/jobs")));
        HttpResponseMessage other = await b.GetAsync("/api/jobs");

        Assert.All(burst, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, (HttpStatusCode)429 }));
        Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.OK) >= 2, "the burst of two was not granted");
        HttpResponseMessage? limited = burst.FirstOrDefault(r => r.StatusCode == (HttpStatusCode)429);
        Assert.True(limited is not null, "no request past the burst answered 429");
        Assert.Equal("RATE_LIMITED", (await limited.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_use_up_no_tenants_rate_limit()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:RateLimit:RequestsPerSecond"] = "1",
            ["JobPipeline:RateLimit:Burst"] = "1",
        }, host: Host, output: output);
        HttpClient anonymous = server.Client(key: null);

        HttpResponseMessage[] responses = [await anonymous.GetAsync("/api/jobs"), await anonymous.GetAsync("/api/jobs"), await anonymous.GetAsync("/api/jobs")];

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync("/api/jobs")).StatusCode);
    }

    /// <summary>A body sent without Content-Length (chunked on the wire).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int i = 0; i < _bytes.Length; i += 512)
            {
                await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(512, _bytes.Length - i)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
