using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class ListTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() =>
        _server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Paging_through_more_jobs_than_the_limit_gives_each_job_once_newest_first()
    {
        HttpClient client = _server.Client();
        var submitted = new List<string>();
        for (int i = 0; i < 23; i++)
        {
            submitted.Add(await client.SubmitIdAsync("test.echo", new { text = $"job {i}" }));
        }

        var seen = new List<string>();
        string? next = null;
        int pages = 0;
        do
        {
            string url = "/api/jobs?limit=5" + (next is null ? "" : "&continuation=" + Uri.EscapeDataString(next));
            HttpResponseMessage response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonObject page = await response.ReadJsonAsync();
            JsonArray data = page["data"]!.AsArray();
            Assert.True(data.Count <= 5);
            seen.AddRange(data.Select(j => j!["job_id"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
            pages++;
        }
        while (next is not null && pages < 20);

        Assert.Equal(Enumerable.Reverse(submitted), seen);
        Assert.InRange(pages, 5, 6);
    }

    [Fact]
    public async Task The_default_limit_is_50_and_filters_by_status_and_type()
    {
        HttpClient client = _server.Client();
        string echo = await client.SubmitIdAsync("test.echo", new { text = "e" });
        string sleep = await client.SubmitIdAsync("test.sleep", new { ms = 1 });
        await client.PostAsync($"/api/jobs/{sleep}/cancel", null);

        JsonObject all = await (await client.GetAsync("/api/jobs")).ReadJsonAsync();
        JsonObject canceled = await (await client.GetAsync("/api/jobs?status=canceled")).ReadJsonAsync();
        JsonObject queuedEcho = await (await client.GetAsync("/api/jobs?status=queued&type=test.echo")).ReadJsonAsync();
        JsonObject byType = await (await client.GetAsync("/api/jobs?type=test.sleep")).ReadJsonAsync();

        Assert.Equal([sleep, echo], all["data"]!.AsArray().Select(j => j!["job_id"]!.GetValue<string>()));
        Assert.Null(all["next"]);
        Assert.True(all.ContainsKey("next"));
        Assert.Equal([sleep], canceled["data"]!.AsArray().Select(j => j!["job_id"]!.GetValue<string>()));
        Assert.Equal([echo], queuedEcho["data"]!.AsArray().Select(j => j!["job_id"]!.GetValue<string>()));
        Assert.Equal([sleep], byType["data"]!.AsArray().Select(j => j!["job_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("status=completed' or PartitionKey ne '")]
    [InlineData("type=test.echo' or PartitionKey ne '")]
    [InlineData("type=x') or (PartitionKey ne 'tenant-a")]
    [InlineData("status=queued%27%20or%20true%20or%20%27")]
    public async Task An_OData_injection_in_the_filters_is_refused_and_reveals_nothing(string query)
    {
        HttpClient b = _server.Client(PipelineFactory.KeyB);
        await b.SubmitIdAsync("test.echo", new { text = "b's" });
        await _server.Client(PipelineFactory.KeyA).SubmitIdAsync("test.echo", new { text = "a's" });

        HttpResponseMessage response = await _server.Client(PipelineFactory.KeyA).GetAsync("/api/jobs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("VALIDATION_FAILED", body["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("b's", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_query_builds_its_filter_with_parameters_so_quotes_stay_data()
    {
        var jobs = (Storage.JobTable)_server.Services.GetService(typeof(Storage.JobTable))!;
        await _server.Client(PipelineFactory.KeyB).SubmitIdAsync("test.echo", new { text = "b's" });

        (IReadOnlyList<JobPipeline.Jobs.JobRecord> found, _) = await jobs.ListAsync("tenant-a", null, "test.echo' or PartitionKey ne '", 100, null);

        Assert.Empty(found);
    }

    [Fact]
    public async Task A_continuation_token_of_another_tenant_is_refused()
    {
        HttpClient a = _server.Client(PipelineFactory.KeyA);
        HttpClient b = _server.Client(PipelineFactory.KeyB);
        for (int i = 0; i < 3; i++)
        {
            await a.SubmitIdAsync("test.echo", new { text = "a" });
        }

        await b.SubmitIdAsync("test.echo", new { text = "b" });
        string next = (await (await a.GetAsync("/api/jobs?limit=1")).ReadJsonAsync())["next"]!.GetValue<string>();

        HttpResponseMessage response = await b.GetAsync("/api/jobs?continuation=" + Uri.EscapeDataString(next));

        await AssertRefusedTokenAsync(response);
    }

    [Theory]
    [InlineData("/api/jobs?limit=1", "/api/jobs?status=queued")]
    [InlineData("/api/jobs?limit=1&status=queued", "/api/jobs?status=canceled")]
    [InlineData("/api/jobs?limit=1&type=test.echo", "/api/jobs?type=test.sleep")]
    [InlineData("/api/jobs?limit=1&type=test.echo", "/api/jobs")]
    public async Task A_continuation_token_used_with_another_filter_is_refused(string first, string then)
    {
        HttpClient client = _server.Client();
        for (int i = 0; i < 3; i++)
        {
            await client.SubmitIdAsync("test.echo", new { text = "e" });
        }

        string next = (await (await client.GetAsync(first)).ReadJsonAsync())["next"]!.GetValue<string>();

        HttpResponseMessage response = await client.GetAsync(then + (then.Contains('?') ? "&" : "?") + "continuation=" + Uri.EscapeDataString(next));

        await AssertRefusedTokenAsync(response);
    }

    [Fact]
    public async Task A_tampered_continuation_token_is_refused_whichever_character_changes()
    {
        HttpClient client = _server.Client();
        for (int i = 0; i < 3; i++)
        {
            await client.SubmitIdAsync("test.echo", new { text = "e" });
        }

        string next = (await (await client.GetAsync("/api/jobs?limit=1")).ReadJsonAsync())["next"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9_-]+$", next);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs?limit=1&continuation=" + next)).StatusCode);
        int[] positions = [0, 1, next.Length / 2, next.Length - 2, next.Length - 1];

        foreach (int at in positions)
        {
            string tampered = next[..at] + (next[at] == 'A' ? 'B' : 'A') + next[(at + 1)..];
            await AssertRefusedTokenAsync(await client.GetAsync("/api/jobs?limit=1&continuation=" + tampered));
        }

        await AssertRefusedTokenAsync(await client.GetAsync("/api/jobs?limit=1&continuation=" + next[..^4]));
        await AssertRefusedTokenAsync(await client.GetAsync("/api/jobs?limit=1&continuation=" + next + "AAAA"));
    }

    [Fact]
    public async Task A_continuation_token_stays_valid_across_instances_of_the_same_deployment()
    {
        HttpClient client = _server.Client();
        for (int i = 0; i < 3; i++)
        {
            await client.SubmitIdAsync("test.echo", new { text = "e" });
        }

        JsonObject first = await (await client.GetAsync("/api/jobs?limit=1")).ReadJsonAsync();
        await using var other = new PipelineFactory(_server.Azurite, _server.Settings.ToDictionary());

        HttpResponseMessage response = await other.Client().GetAsync("/api/jobs?limit=1&continuation=" + first["next"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray second = (await response.ReadJsonAsync())["data"]!.AsArray();
        Assert.NotEqual(first["data"]![0]!["job_id"]!.GetValue<string>(), Assert.Single(second)!["job_id"]!.GetValue<string>());
    }

    private static async Task AssertRefusedTokenAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        JsonObject error = JsonNode.Parse(text)!["error"]!.AsObject();
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal("continuation", error["details"]!["field"]!.GetValue<string>());
    }
}
