using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Tests.Jobs;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public sealed class LongPollTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> NoWorker = new() { ["JobPipeline:Worker:Enabled"] = "false" };

    [Fact]
    public async Task A_waiting_read_answers_with_the_completed_job_when_the_worker_completes_it()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 1500 });

        HttpResponseMessage response = await client.GetAsync($"/api/jobs/{id}?wait=60");

        JsonObject job = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_cancel_on_the_same_instance_wakes_its_waiters_with_the_canceled_job()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });
        Task<HttpResponseMessage> jobWaiter = client.GetAsync($"/api/jobs/{id}?wait=60");
        Task<HttpResponseMessage> operationWaiter = client.GetAsync($"/api/operations/{id}?wait=60");
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 2);

        HttpResponseMessage cancel = await client.PostAsync($"/api/jobs/{id}/cancel", null);
        HttpResponseMessage job = await jobWaiter;
        HttpResponseMessage operation = await operationWaiter;

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
        Assert.Equal("canceled", (await job.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, operation.StatusCode);
        Assert.Equal("Canceled", (await operation.ReadJsonAsync())["status"]!.GetValue<string>());
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 0 && Waiters(server).WatchedJobs == 0);
    }

    [Fact]
    public async Task With_If_None_Match_a_waiting_read_answers_as_soon_as_the_job_changes()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, output: output);
        HttpClient client = server.Client();
        HttpResponseMessage submit = await client.SubmitAsync("test.sleep", new { ms = 3000 });
        string id = (await submit.ReadJsonAsync())["job_id"]!.GetValue<string>();
        string queued = submit.Headers.ETag!.Tag;

        HttpResponseMessage response = await GetAsync(client, $"/api/jobs/{id}?wait=60", queued);

        JsonObject job = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(queued, response.Headers.ETag!.Tag);
        Assert.NotEqual("queued", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wait_that_runs_out_answers_the_current_state_or_304_when_the_ETag_still_matches()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        HttpClient client = server.Client();
        HttpResponseMessage submit = await client.SubmitAsync("test.echo", new { text = "wait" });
        string id = (await submit.ReadJsonAsync())["job_id"]!.GetValue<string>();
        string etag = submit.Headers.ETag!.Tag;

        HttpResponseMessage plain = await client.GetAsync($"/api/jobs/{id}?wait=1");
        HttpResponseMessage conditional = await GetAsync(client, $"/api/jobs/{id}?wait=1", etag);
        HttpResponseMessage operation = await client.GetAsync($"/api/operations/{id}?wait=1");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("queued", (await plain.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.NotNull(plain.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotModified, conditional.StatusCode);
        Assert.Equal(etag, conditional.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, operation.StatusCode);
        Assert.Equal("NotStarted", (await operation.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(0, Waiters(server).Count("tenant-a"));
    }

    [Theory]
    [InlineData("jobs", "wait=0")]
    [InlineData("jobs", "wait=61")]
    [InlineData("jobs", "wait=-1")]
    [InlineData("jobs", "wait=1.5")]
    [InlineData("jobs", "wait=abc")]
    [InlineData("jobs", "wait=")]
    [InlineData("jobs", "wait=1&wait=2")]
    [InlineData("jobs", "wait=99999999999")]
    [InlineData("operations", "wait=0")]
    [InlineData("operations", "wait=61")]
    public async Task A_wait_out_of_range_or_not_a_whole_number_is_400(string route, string query)
    {
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });

        HttpResponseMessage response = await client.GetAsync($"/api/{route}/{id}?{query}");

        JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal("wait", error["details"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Past_the_tenants_waiters_a_waiting_read_is_429_and_other_tenants_still_wait()
    {
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?>(NoWorker) { ["JobPipeline:LongPoll:MaxWaitersPerTenant"] = "2" },
            output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });
        HttpClient other = server.Client(PipelineFactory.KeyB);
        string otherId = await other.SubmitIdAsync("test.echo", new { text = "wait" });
        Task<HttpResponseMessage>[] waiting = [client.GetAsync($"/api/jobs/{id}?wait=60"), client.GetAsync($"/api/jobs/{id}?wait=60")];
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 2);

        HttpResponseMessage refused = await client.GetAsync($"/api/jobs/{id}?wait=60");
        HttpResponseMessage plain = await client.GetAsync($"/api/jobs/{id}");
        HttpResponseMessage otherTenant = await other.GetAsync($"/api/jobs/{otherId}?wait=1");
        await client.PostAsync($"/api/jobs/{id}/cancel", null);
        HttpResponseMessage[] woken = await Task.WhenAll(waiting);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("RATE_LIMITED", (await refused.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        Assert.All(woken, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (HttpResponseMessage response in woken)
        {
            Assert.Equal("canceled", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_client_that_disconnects_frees_its_waiter()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });
        using var disconnect = new CancellationTokenSource();
        Task<HttpResponseMessage> waiting = client.GetAsync($"/api/jobs/{id}?wait=60", disconnect.Token);
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 1);

        await disconnect.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 0 && Waiters(server).WatchedJobs == 0);
    }

    [Fact]
    public async Task A_job_whose_row_another_instance_deletes_while_a_request_waits_answers_404()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });
        Task<HttpResponseMessage> waiting = client.GetAsync($"/api/jobs/{id}?wait=60");
        await UntilAsync(() => Waiters(server).Count("tenant-a") == 1);

        await new TableClient(server.Azurite.ConnectionString, server.Setting("JobPipeline:Storage:JobsTableName")).DeleteEntityAsync("tenant-a", id);
        HttpResponseMessage response = await waiting;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_made_by_another_instance_reaches_the_waiters_through_the_shared_poll()
    {
        await using var first = new PipelineFactory(await Azurite.Shared, NoWorker, output: output);
        await using var second = new PipelineFactory(first.Azurite, new Dictionary<string, string?>(first.Settings), output: output);
        string id = await first.Client().SubmitIdAsync("test.echo", new { text = "wait" });
        Task<HttpResponseMessage> waiting = first.Client().GetAsync($"/api/jobs/{id}?wait=60");
        await UntilAsync(() => Waiters(first).Count("tenant-a") == 1);

        HttpResponseMessage cancel = await second.Client().PostAsync($"/api/jobs/{id}/cancel", null);
        HttpResponseMessage response = await waiting;

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canceled", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Waiters_of_one_job_share_one_storage_read_per_second()
    {
        var counter = new RequestCounter();
        await using var server = new PipelineFactory(await Azurite.Shared, NoWorker, services: services => CountTableRequests(services, counter), output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "wait" });
        const int waiters = 8;
        counter.Clear();
        var clock = Stopwatch.StartNew();

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, waiters).Select(_ => client.GetAsync($"/api/jobs/{id}?wait=3")));

        double seconds = clock.Elapsed.TotalSeconds;
        int reads = counter.Requests.Count(r => r.Method == "GET" && r.Path.Contains($"RowKey='{id}'", StringComparison.Ordinal));
        int pollReads = reads - waiters;
        output.WriteLine($"{reads} reads of the row in {seconds:0.0} s for {waiters} waiters ({pollReads} by the shared poll)");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(pollReads, 1, (int)Math.Ceiling(seconds) + 1);
    }

    private static void CountTableRequests(IServiceCollection services, RequestCounter counter)
    {
        services.RemoveAll<TableServiceClient>();
        services.AddSingleton(sp =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(counter, HttpPipelinePosition.PerCall);
            string connection = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobPipelineOptions>>().Value.Storage.ConnectionString!;
            return new TableServiceClient(connection, options);
        });
    }

    private static JobWaiters Waiters(PipelineFactory server) => server.Services.GetRequiredService<JobWaiters>();

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(20);
        }
    }
}
