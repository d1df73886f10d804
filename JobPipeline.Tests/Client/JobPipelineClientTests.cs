using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Client;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Client;

/// <summary>The client against the real server in memory, on a real Azurite (SAS URLs fetched from Azurite itself).</summary>
public sealed class JobPipelineClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PipelineFactory _server = null!;
    private ServerRoute _route = null!;
    private JobPipelineClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = new PipelineFactory(await Azurite.Shared, output: output);
        _route = new ServerRoute(_server);
        _client = ClientFor(_route, PipelineFactory.KeyA);
    }

    public async Task DisposeAsync()
    {
        _route.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Submit_then_WaitForCompletion_gives_the_completed_job_and_its_inline_result()
    {
        Job submitted = await _client.SubmitAsync("json.format", new JsonObject { ["json"] = "{\"b\":1,\"a\":2}" }, new SubmitJobOptions { Options = new JsonObject { ["sort_keys"] = true }, Metadata = new JsonObject { ["ref"] = "r1" } });

        Job done = await _client.WaitForCompletionAsync(submitted.JobId);
        JsonElement result = await _client.GetResultAsync(done.JobId);

        Assert.Equal(JobStatus.Queued, submitted.Status);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(100, done.Progress);
        Assert.Equal("r1", done.Metadata!["ref"]!.GetValue<string>());
        Assert.Contains("\"a\"", result.ToString(), StringComparison.Ordinal);
        Assert.True(result.ToString().IndexOf("\"a\"", StringComparison.Ordinal) < result.ToString().IndexOf("\"b\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForCompletion_long_polls_and_WatchAsync_ends_with_the_terminal_job()
    {
        Job submitted = await _client.SubmitAsync("test.sleep", new JsonObject { ["ms"] = 1500 });

        List<Job> seen = [];
        await foreach (Job job in _client.WatchAsync(submitted.JobId))
        {
            seen.Add(job);
        }

        Assert.Equal(JobStatus.Completed, seen[^1].Status);
        Assert.All(seen[..^1], j => Assert.False(j.Status.IsTerminal()));
        Assert.Contains(_route.Requests, r => r.Url.Query.Contains("wait=30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Against_a_server_without_long_poll_WaitForCompletion_falls_back_to_Retry_After()
    {
        _route.DropWait = true;
        var quick = new JobPipelineClientOptions { Transport = _route.Client(), LongPollWait = TimeSpan.FromSeconds(4), MaxPollInterval = TimeSpan.FromMilliseconds(300) };
        var client = new JobPipelineClient(new Uri("http://localhost/"), PipelineFactory.KeyA, quick);
        Job submitted = await client.SubmitAsync("test.sleep", new JsonObject { ["ms"] = 1500 });

        Job done = await client.WaitForCompletionAsync(submitted.JobId);

        Assert.Equal(JobStatus.Completed, done.Status);
        var reads = _route.Requests.Where(r => r.Method == HttpMethod.Get && r.Url.AbsolutePath.EndsWith(submitted.JobId, StringComparison.Ordinal)).ToList();
        Assert.Contains(reads, r => r.Url.Query.Contains("wait=", StringComparison.Ordinal));
        Assert.DoesNotContain("wait=", reads[^1].Url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_tenants_waiting_requests_are_used_up_WaitForCompletion_polls_instead()
    {
        await using var server = new PipelineFactory(
            _server.Azurite,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false", ["JobPipeline:LongPoll:MaxWaitersPerTenant"] = "1" },
            output: output);
        using var route = new ServerRoute(server);
        var client = new JobPipelineClient(new Uri("http://localhost/"), PipelineFactory.KeyA, new JobPipelineClientOptions { Transport = route.Client(), MaxPollInterval = TimeSpan.FromMilliseconds(300), Retry = { Delay = TimeSpan.FromMilliseconds(50) } });
        Job job = await client.SubmitAsync("test.echo", new JsonObject { ["text"] = "capped" });
        Task<HttpResponseMessage> holder = server.Client().GetAsync($"/api/jobs/{job.JobId}?wait=60");
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        JobPipeline.Jobs.JobWaiters waiters = server.Services.GetRequiredService<JobPipeline.Jobs.JobWaiters>();
        while (waiters.Count("tenant-a") == 0)
        {
            // The holder must have the tenant's one waiting place before the client asks, or the client gets it.
            Assert.True(DateTime.UtcNow < deadline, "The holding request never started to wait.");
            await Task.Delay(20);
        }

        Task<Job> waiting = client.WaitForCompletionAsync(job.JobId);
        while (!FellBackToPolling(route, job.JobId))
        {
            Assert.True(DateTime.UtcNow < deadline, "The client never fell back to polling.");
            await Task.Delay(50);
        }

        await server.Client().PostAsync($"/api/jobs/{job.JobId}/cancel", null);
        Job done = await waiting;

        Assert.Equal(JobStatus.Canceled, done.Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await holder).StatusCode);
    }

    [Fact]
    public async Task A_large_result_is_fetched_from_its_SAS_URL_without_the_API_key()
    {
        Job submitted = await _client.SubmitAsync("test.echo", new JsonObject { ["text"] = "0123456789", ["repeat"] = 10_000 });
        Job done = await _client.WaitForCompletionAsync(submitted.JobId);

        JsonElement result = await _client.GetResultAsync(done.JobId);
        using var file = new MemoryStream();
        JobResultDownload download = await _client.DownloadResultAsync(done.JobId, file);

        Assert.NotNull(done.ResultPointer);
        Assert.Equal(100_000, result.GetString()!.Length);
        Assert.Equal(100_000, download.Bytes);
        Assert.Equal(100_000, file.Length);
        Assert.StartsWith("text/plain", download.ContentType, StringComparison.Ordinal);
        var storage = _route.Requests.Where(r => r.Url.Host != "localhost").ToList();
        Assert.Equal(2, storage.Count);
        Assert.All(storage, r => Assert.False(r.WithKey, $"The API key went to {r.Url.Host}"));
        Assert.All(_route.Requests.Where(r => r.Url.Host == "localhost"), r => Assert.True(r.WithKey));
    }

    [Fact]
    public async Task A_document_is_submitted_as_a_stream_and_its_idempotency_key_returns_the_first_job()
    {
        var options = new SubmitJobOptions { IdempotencyKey = "doc-" + Guid.NewGuid().ToString("N") };

        Job first = await _client.SubmitAsync("test.echo", new MemoryStream("hello document"u8.ToArray()), "text/plain", options);
        Job again = await _client.SubmitAsync("test.echo", new MemoryStream("hello document"u8.ToArray()), "text/plain", options);
        Job done = await _client.WaitForCompletionAsync(first.JobId);
        using var result = new MemoryStream();
        await _client.DownloadResultAsync(done.JobId, result);

        Assert.Equal(first.JobId, again.JobId);
        Assert.Equal("hello document", Encoding.UTF8.GetString(result.ToArray()));
    }

    [Fact]
    public async Task A_refused_submit_is_sent_again_and_creates_one_job()
    {
        _route.Refuse = r => r.Method == HttpMethod.Post;
        _route.RefusalsLeft = 2;

        Job job = await _client.SubmitAsync("test.echo", new JsonObject { ["text"] = "retry" });

        List<Job> all = await ToListAsync(_client.ListAsync());
        Assert.Equal(0, _route.RefusalsLeft);
        Assert.Equal(3, _route.Requests.Count(r => r.Method == HttpMethod.Post));
        Assert.Equal(job.JobId, Assert.Single(all).JobId);
    }

    [Fact]
    public async Task ListAsync_follows_continuation_tokens_and_filters()
    {
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await _client.SubmitAsync("test.echo", new JsonObject { ["text"] = $"n{i}" })).JobId);
        }

        Job canceled = await _client.CancelAsync((await _client.SubmitAsync("test.sleep", new JsonObject { ["ms"] = 60_000 })).JobId);

        List<Job> all = await ToListAsync(_client.ListAsync(pageSize: 2));
        List<Job> echo = await ToListAsync(_client.ListAsync(type: "test.echo", pageSize: 2));
        List<Job> onlyCanceled = await ToListAsync(_client.ListAsync(status: JobStatus.Canceled));

        Assert.Equal(6, all.Count);
        Assert.Equal(ids.AsEnumerable().Reverse(), echo.Select(j => j.JobId));
        Assert.Equal(canceled.JobId, Assert.Single(onlyCanceled).JobId);
        Assert.True(_route.Requests.Count(r => r.Url.Query.Contains("continuation=", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task Cancel_and_delete_work_and_errors_carry_the_envelope()
    {
        Job job = await _client.SubmitAsync("test.sleep", new JsonObject { ["ms"] = 60_000 });

        Job canceled = await _client.CancelAsync(job.JobId);
        JobPipelineRequestException again = await Assert.ThrowsAsync<JobPipelineRequestException>(() => _client.CancelAsync(job.JobId));
        JobPipelineRequestException notCompleted = await Assert.ThrowsAsync<JobPipelineRequestException>(() => _client.GetResultAsync(canceled.JobId));
        await _client.DeleteAsync(job.JobId);
        JobPipelineRequestException gone = await Assert.ThrowsAsync<JobPipelineRequestException>(() => _client.GetAsync(job.JobId));
        JobPipelineRequestException invalid = await Assert.ThrowsAsync<JobPipelineRequestException>(() => _client.SubmitAsync("no.such.type", new JsonObject()));

        Assert.Equal(JobStatus.Canceled, canceled.Status);
        Assert.Equal((409, "JOB_ALREADY_FINISHED"), (again.Status, again.ErrorCode));
        Assert.Equal((404, "JOB_NOT_FOUND"), (gone.Status, gone.ErrorCode));
        Assert.False(string.IsNullOrEmpty(gone.RequestId));
        Assert.Equal((400, "VALIDATION_FAILED"), (invalid.Status, invalid.ErrorCode));
        Assert.Equal("type", invalid.Details!.Value.GetProperty("field").GetString());
        Assert.Equal((409, "JOB_NOT_COMPLETED"), (notCompleted.Status, notCompleted.ErrorCode));
    }

    [Fact]
    public async Task A_wrong_key_is_401_UNAUTHORIZED_and_an_unreachable_service_is_status_0()
    {
        JobPipelineClient wrongKey = ClientFor(_route, "not-a-key");
        var unreachable = new JobPipelineClient(new Uri("http://127.0.0.1:9/"), "k", new JobPipelineClientOptions { Retry = { MaxRetries = 0 } });

        JobPipelineRequestException unauthorized = await Assert.ThrowsAsync<JobPipelineRequestException>(() => wrongKey.GetAsync("0000000000000000000000000"));
        JobPipelineRequestException down = await Assert.ThrowsAsync<JobPipelineRequestException>(() => unreachable.GetAsync("0000000000000000000000000"));

        Assert.Equal((401, "UNAUTHORIZED"), (unauthorized.Status, unauthorized.ErrorCode));
        Assert.Equal(0, down.Status);
    }

    /// <summary>Whether a plain read of the job followed a long-poll read of it.</summary>
    private static bool FellBackToPolling(ServerRoute route, string jobId)
    {
        var reads = route.Requests.Where(r => r.Method == HttpMethod.Get && r.Url.AbsolutePath.EndsWith(jobId, StringComparison.Ordinal)).ToList();
        int firstWait = reads.FindIndex(r => r.Url.Query.Contains("wait=", StringComparison.Ordinal));
        return firstWait >= 0 && reads.FindLastIndex(r => r.Url.Query.Length == 0) > firstWait;
    }

    private static JobPipelineClient ClientFor(ServerRoute route, string key) =>
        new(new Uri("http://localhost/"), key, new JobPipelineClientOptions { Transport = route.Client() });

    private static async Task<List<Job>> ToListAsync(IAsyncEnumerable<Job> jobs)
    {
        var list = new List<Job>();
        await foreach (Job job in jobs)
        {
            list.Add(job);
        }

        return list;
    }
}
