using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Http;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Http;

/// <summary>Large envelopes share a memory budget: past it they are refused cleanly (503 SERVER_BUSY, Retry-After), never a swollen server.</summary>
public sealed class LargeEnvelopeTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Concurrent_large_envelopes_are_each_accepted_or_refused_with_a_clean_503()
    {
        await using PipelineFactory server = await ServerAsync(budgetMiB: 4, queueTimeout: "00:00:00.500");
        HttpClient client = server.Client();
        byte[] envelope = Envelope(3 * MiB);

        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostAsync("/api/jobs", new ByteArrayContent(envelope) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } })));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        foreach (HttpResponseMessage busy in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            await AssertBusyAsync(busy);
        }

        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted), (await StorageCounts.ReadAsync(server)).JobRows);
        Assert.Equal(0, server.Services.GetRequiredService<LargeBodyGate>().Reserved);
    }

    [Fact]
    public async Task While_the_budget_is_taken_a_large_envelope_gets_503_and_a_small_one_passes_then_the_large_one_is_accepted()
    {
        await using PipelineFactory server = await ServerAsync(budgetMiB: 4, queueTimeout: "00:00:01");
        HttpClient client = server.Client();
        LargeBodyGate gate = server.Services.GetRequiredService<LargeBodyGate>();
        var stalled = new StalledContent(Envelope(3 * MiB), stallAfter: 2 * MiB);

        Task<HttpResponseMessage> holder = client.PostAsync("/api/jobs", stalled);
        await Leftovers.UntilAsync(() => Task.FromResult(gate.Reserved == 4 * MiB), "the chunked envelope to reserve the budget");
        HttpResponseMessage refused = await client.PostAsync("/api/jobs", new ByteArrayContent(Envelope(2 * MiB)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        HttpResponseMessage small = await client.SubmitAsync("test.echo", new { text = "small" });
        stalled.Resume();
        HttpResponseMessage held = await holder;
        HttpResponseMessage again = await client.PostAsync("/api/jobs", new ByteArrayContent(Envelope(2 * MiB)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        await AssertBusyAsync(refused);
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(0, gate.Reserved);
    }

    private static async Task<PipelineFactory> ServerAsync(int budgetMiB, string queueTimeout)
    {
        var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:LargeBodyBudgetBytes"] = (budgetMiB * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JobPipeline:LargeBodyQueueTimeout"] = queueTimeout,
            ["JobPipeline:Worker:Enabled"] = "false",
        });
        await server.Client().GetAsync("/api/jobs");
        return server;
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal("SERVER_BUSY", error["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds >= 1);
    }

    private static byte[] Envelope(int bytes)
    {
        const string head = """{"type":"test.echo","input":{"text":" """;
        const string tail = "\"}}";
        return Encoding.UTF8.GetBytes(head.TrimEnd() + new string('x', bytes - head.TrimEnd().Length - tail.Length) + tail);
    }

    /// <summary>A chunked body that sends its first part, then waits until <see cref="Resume"/>.</summary>
    private sealed class StalledContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly int _stallAfter;
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledContent(byte[] bytes, int stallAfter)
        {
            _bytes = bytes;
            _stallAfter = stallAfter;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public void Resume() => _resume.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, _stallAfter));
            await stream.FlushAsync();
            await _resume.Task;
            await stream.WriteAsync(_bytes.AsMemory(_stallAfter));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
