using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

/// <summary><c>GET /api/jobs/counts</c>: the tenant's jobs per status, kept up to date as jobs move.</summary>
public class CountsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Statuses = ["queued", "processing", "completed", "failed", "canceled", "expired"];

    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() =>
        _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Counts_follow_submits_completions_failures_cancels_and_deletes()
    {
        HttpClient client = _server.Client();
        AssertCounts(Expected(), await CountsAsync(client));
        string[] echoes = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.SubmitIdAsync("test.echo", new { text = $"e{i}" })))];
        string broken = await client.SubmitIdAsync("test.broken", new { text = "b" });
        string sleeping = await client.SubmitIdAsync("test.sleep", new { ms = 600_000 });
        foreach (string id in echoes.Append(broken))
        {
            await client.WaitAsync(id);
        }

        await client.PostAsync($"/api/jobs/{sleeping}/cancel", null);
        await client.DeleteAsync($"/api/jobs/{echoes[0]}");

        JsonObject counts = await CountsAsync(client);
        JsonObject echoCounts = await CountsAsync(client, "?type=test.echo");
        JsonObject byType = await CountsAsync(client, "?by=type");

        AssertCounts(Expected(completed: 2, failed: 1, canceled: 1), counts);
        AssertCounts(Expected(completed: 2), echoCounts);
        AssertCounts(Expected(completed: 2, failed: 1, canceled: 1), Without(byType, "by_type"));
        JsonObject types = byType["by_type"]!.AsObject();
        Assert.Equal(["test.broken", "test.echo", "test.sleep"], types.Select(t => t.Key).Order());
        AssertCounts(Expected(completed: 2), types["test.echo"]);
        AssertCounts(Expected(failed: 1), types["test.broken"]);
        AssertCounts(Expected(canceled: 1), types["test.sleep"]);
        ApiSchemas schemas = await ApiSchemas.LoadAsync(client);
        await schemas.AssertValidAsync("JobCounts", counts.ToJsonString());
        await schemas.AssertValidAsync("JobCounts", byType.ToJsonString());
    }

    [Fact]
    public async Task A_queued_job_counts_as_queued_and_another_tenant_sees_none_of_it()
    {
        await using var idle = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);
        HttpClient a = idle.Client(PipelineFactory.KeyA);
        HttpClient b = idle.Client(PipelineFactory.KeyB);
        await a.SubmitIdAsync("test.echo", new { text = "a1" });
        await a.SubmitIdAsync("test.echo", new { text = "a2" });
        string canceled = await a.SubmitIdAsync("test.sleep", new { ms = 1 });
        await b.SubmitIdAsync("test.echo", new { text = "b1" });

        await a.PostAsync($"/api/jobs/{canceled}/cancel", null);

        AssertCounts(Expected(queued: 2, canceled: 1), await CountsAsync(a));
        AssertCounts(Expected(queued: 1), await CountsAsync(b));
        AssertCounts(Expected(), await CountsAsync(b, "?type=test.sleep"));
    }

    [Fact]
    public virtual async Task Expiry_moves_counts_to_expired_and_deleting_the_stubs_leaves_no_counter_row()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "x" });
        await client.WaitAsync(id);

        await Leftovers.SweepAsync(_server, TimeSpan.FromDays(2));
        JsonObject expired = await CountsAsync(client);
        await Leftovers.SweepAsync(_server, TimeSpan.FromDays(30));

        AssertCounts(Expected(expired: 1), expired);
        AssertCounts(Expected(), await CountsAsync(client));
        Assert.Equal(0, (await StorageCounts.ReadAsync(_server)).JobRows);
        Assert.Equal(0, await StorageCounts.CounterRowsAsync(_server));
    }

    [Theory]
    [InlineData("?type=no.such.type", "type")]
    [InlineData("?by=status", "by")]
    [InlineData("?status=queued", "status")]
    [InlineData("?type=test.echo&type=test.sleep", "type")]
    [InlineData("?type=test.echo' or PartitionKey ne '", "type")]
    public async Task A_bad_query_is_refused_with_400_naming_the_parameter(string query, string field)
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.GetAsync("/api/jobs/counts" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal(field, error["details"]!["field"]!.GetValue<string>());
        await (await ApiSchemas.LoadAsync(client)).AssertValidAsync("ErrorResponse", (await response.ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task Counts_need_a_key()
    {
        HttpResponseMessage response = await _server.Client(key: null).GetAsync("/api/jobs/counts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonObject> CountsAsync(HttpClient client, string query = "")
    {
        HttpResponseMessage response = await client.GetAsync("/api/jobs/counts" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.ReadJsonAsync();
    }

    private static JsonObject Expected(int queued = 0, int processing = 0, int completed = 0, int failed = 0, int canceled = 0, int expired = 0)
    {
        int[] values = [queued, processing, completed, failed, canceled, expired];
        var counts = new JsonObject();
        for (int i = 0; i < Statuses.Length; i++)
        {
            counts[Statuses[i]] = values[i];
        }

        return counts;
    }

    private static void AssertCounts(JsonObject expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");

    private static JsonObject Without(JsonObject body, string name)
    {
        JsonObject copy = body.DeepClone().AsObject();
        copy.Remove(name);
        return copy;
    }
}
