using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Jobs;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>
/// "Nothing accepted is lost": a job whose submit answered 202 always reaches a terminal status, and a job whose submit
/// failed part-way never shows up and leaves nothing behind in the engine.
/// </summary>
public sealed class NoLostJobTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_job_the_engine_got_but_whose_row_was_never_written_is_dropped_after_the_row_wait_and_never_visible()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:JobRowWait"] = "00:00:00.200" }, output: output);
        HttpClient client = server.Client();
        var job = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));

        await server.Services.GetRequiredService<IJobEngine>().StartAsync(job); // the process died before the row insert
        await WaitUntilQueueEmptyAsync(server);

        HttpResponseMessage get = await client.GetAsync($"/api/jobs/{job.JobId}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty((await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task A_job_whose_row_appears_while_the_worker_waits_for_it_runs()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, output: output);
        HttpClient client = server.Client();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var job = new JobRef("tenant-a", JobId.New(now));

        await server.Services.GetRequiredService<IJobEngine>().StartAsync(job);
        await Task.Delay(500); // the row insert is slow
        await server.Services.GetRequiredService<JobTable>().InsertAsync(QueuedRow(job, now, "test.echo", "{\"text\":\"late\"}"));
        JsonObject done = await client.WaitAsync(job.JobId, seconds: 15);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("late", done["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Under_storage_faults_every_accepted_job_ends_terminal_and_every_refused_one_never_appears()
    {
        PipelineFactory? server = null;
        var faults = new RequestCounter();
        int writes = 0;
        int inserts = 0;
        server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?> { ["JobPipeline:JobRowWait"] = "00:00:00.200" },
            services => services.AddSingleton(_ =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(faults, HttpPipelinePosition.PerCall);
                return new TableServiceClient(server!.Azurite.ConnectionString, options);
            }), output: output);
        await using PipelineFactory _ = server;
        string jobsTable = server.Setting("JobPipeline:Storage:JobsTableName");
        // Every third row insert fails, so that submits are refused whatever the worker writes in between (one counter
        // for all writes left it to the machine's timing whether a submit ever met a fault), and every fifth other write.
        // A status change (an insert among them) is a transaction with the tenant's counts: told apart by its body.
        faults.Fault = m => RequestCounter.BatchText(m) is { } batch
            ? batch.Contains($"/{jobsTable}", StringComparison.Ordinal)
                && (RequestCounter.InsertsInto(batch, jobsTable)
                    ? Interlocked.Increment(ref inserts) % 3 == 0
                    : Interlocked.Increment(ref writes) % 5 == 0)
            : m.Request.Method != RequestMethod.Get
                && m.Request.Uri.Path.Contains($"/{jobsTable}", StringComparison.Ordinal)
                && (m.Request.Method == RequestMethod.Post
                    ? Interlocked.Increment(ref inserts) % 3 == 0
                    : Interlocked.Increment(ref writes) % 5 == 0);
        HttpClient client = server.Client();
        string[] types = ["test.echo", "test.broken", "test.flaky", "test.crash"];

        var accepted = new List<string>();
        int refused = 0;
        for (int i = 0; i < 16; i++)
        {
            HttpResponseMessage response = await client.SubmitAsync(types[i % types.Length], new { text = $"job {i}" });
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add((await response.ReadJsonAsync())["job_id"]!.GetValue<string>());
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                refused++;
            }
        }

        foreach (string id in accepted)
        {
            JsonObject job = await client.WaitAsync(id, seconds: 30);
            Assert.Contains(job["status"]!.GetValue<string>(), new[] { "completed", "failed" });
        }

        await WaitUntilQueueEmptyAsync(server);
        faults.Fault = null;
        JsonArray listed = (await (await client.GetAsync("/api/jobs?limit=100")).ReadJsonAsync())["data"]!.AsArray();
        Assert.True(refused > 0, "No submit met a fault; the test proves nothing.");
        Assert.Equal(accepted.Order(), listed.Select(j => j!["job_id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_processing_job_whose_worker_died_is_delivered_again_after_the_visibility_timeout_and_completes()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, output: output);
        (JobRef job, QueueClient queue) = await LeaveProcessingJobAsync(server);
        await ReceiveAsDeadWorkerAsync(queue); // took the message, started, died

        JsonObject done = await server.Client().WaitAsync(job.JobId, seconds: 15); // the server's worker starts now

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("survivor", done["result"]!.GetValue<string>());
        Assert.Equal(2, (await server.Services.GetRequiredService<JobTable>().GetAsync(job))!.Attempts);
    }

    [Fact]
    public async Task A_job_whose_workers_keep_dying_ends_failed_with_TIMEOUT_after_the_maximum_deliveries()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:MaxDeliveries"] = "2" }, output: output);
        (JobRef job, QueueClient queue) = await LeaveProcessingJobAsync(server);
        await ReceiveAsDeadWorkerAsync(queue);
        await ReceiveAsDeadWorkerAsync(queue);

        JsonObject done = await server.Client().WaitAsync(job.JobId, seconds: 15);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("TIMEOUT", done["error"]!["code"]!.GetValue<string>());
        Assert.Equal(2, done["error"]!["details"]!["deliveries"]!.GetValue<int>());
        await WaitUntilQueueEmptyAsync(server);
    }

    [Fact]
    public async Task A_job_running_longer_than_the_job_timeout_ends_failed_with_TIMEOUT()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:JobTimeout"] = "00:00:01" }, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.sleep", new { ms = 30_000 });

        JsonObject done = await client.WaitAsync(id, seconds: 10);

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("TIMEOUT", done["error"]!["code"]!.GetValue<string>());
        Assert.False(done.ContainsKey("result"));
    }

    /// <summary>Before the server starts: a row left <c>processing</c> and its message on the queue, as a worker that died leaves them.</summary>
    private static async Task<(JobRef Job, QueueClient Queue)> LeaveProcessingJobAsync(PipelineFactory server)
    {
        string connection = server.Azurite.ConnectionString;
        var jobs = new JobTable(new TableClient(connection, server.Setting("JobPipeline:Storage:JobsTableName")));
        QueueClient queue = QueueOf(server);
        await jobs.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var job = new JobRef("tenant-a", JobId.New(now));
        await jobs.InsertAsync(QueuedRow(job, now, "test.echo", "{\"text\":\"survivor\"}") with
        {
            Status = JobStatus.Processing,
            StartedAt = now,
            Attempts = 1,
        });
        await queue.SendMessageAsync(JsonSerializer.Serialize(job));
        return (job, queue);
    }

    /// <summary>Receives the job's message with a one-second visibility timeout and never deletes it.</summary>
    private static async Task ReceiveAsDeadWorkerAsync(QueueClient queue)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            QueueMessage[] messages = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value;
            if (messages.Length == 1)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The message did not come back.");
            await Task.Delay(50);
        }
    }

    private static JobRecord QueuedRow(JobRef job, DateTimeOffset now, string type, string inputJson) => new()
    {
        Tenant = job.Tenant,
        JobId = job.JobId,
        Type = type,
        Status = JobStatus.Queued,
        CreatedAt = now,
        UpdatedAt = now,
        InputInline = System.Text.Encoding.UTF8.GetBytes(inputJson),
    };

    private static QueueClient QueueOf(PipelineFactory server) =>
        new(server.Azurite.ConnectionString, server.Setting("JobPipeline:Storage:QueueName"));

    private static async Task WaitUntilQueueEmptyAsync(PipelineFactory server)
    {
        QueueClient queue = QueueOf(server);
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The queue still holds messages after 15 s.");
            await Task.Delay(50);
        }
    }
}
