using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class BatchStatusTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Batch_status_answers_in_request_order_with_unknown_ids_in_place()
    {
        HttpClient client = _server.Client();
        string first = await client.SubmitIdAsync("test.echo", new { text = "1" });
        string second = await client.SubmitIdAsync("test.echo", new { text = "2" });
        await client.WaitAsync(first);
        string unknown = JobPipeline.Jobs.JobId.New(DateTimeOffset.UtcNow.AddDays(-1));
        string[] ids = [second, unknown, first, "not-a-job-id", second];

        HttpResponseMessage response = await client.PostAsync("/api/jobs/status", TenancyTests.Json(new JsonObject { ["job_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) }.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray data = (await response.ReadJsonAsync())["data"]!.AsArray();
        Assert.Equal(ids, data.Select(d => d!["job_id"]!.GetValue<string>()));
        Assert.Equal("completed", data[2]!["status"]!.GetValue<string>());
        Assert.NotNull(data[0]!["status"]);
        Assert.Equal("JOB_NOT_FOUND", data[1]!["error"]!["code"]!.GetValue<string>());
        Assert.Null(data[1]!["status"]);
        Assert.Equal("INVALID_JOB_ID", data[3]!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_hundred_ids_are_answered()
    {
        HttpClient client = _server.Client();
        string[] ids = [.. Enumerable.Range(0, 100).Select(i => JobPipeline.Jobs.JobId.New(DateTimeOffset.UtcNow.AddSeconds(-i)))];

        HttpResponseMessage response = await client.PostAsync("/api/jobs/status", TenancyTests.Json(new JsonObject { ["job_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) }.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, (await response.ReadJsonAsync())["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Zero_or_more_than_a_hundred_ids_answer_400(int count)
    {
        HttpClient client = _server.Client();
        string[] ids = [.. Enumerable.Range(0, count).Select(i => JobPipeline.Jobs.JobId.New(DateTimeOffset.UtcNow.AddSeconds(-i)))];

        HttpResponseMessage response = await client.PostAsync("/api/jobs/status", TenancyTests.Json(new JsonObject { ["job_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) }.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("VALIDATION_FAILED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("job_ids", body["error"]!["details"]!["field"]!.GetValue<string>());
    }
}
