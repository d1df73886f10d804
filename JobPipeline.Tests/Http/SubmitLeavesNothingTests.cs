using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace JobPipeline.Tests.Http;

/// <summary>Every way a submit can fail leaves nothing in storage: no blob, no staged block, no row, no claim, no message.</summary>
public sealed class SubmitLeavesNothingTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_chunked_document_one_byte_over_the_maximum_answers_413_and_leaves_no_blob_block_or_row()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:MaxRequestBodyBytes"] = (9 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JobPipeline:Worker:Enabled"] = "false",
        });
        HttpClient client = server.Client();

        HttpResponseMessage response = await client.PostAsync("/api/jobs/test.echo", new SlowChunkedContent((9 * MiB) + 1, "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.Empty(await Leftovers.BlobsAsync(server));
        Assert.Equal(new StorageCounts(0, 0, 0, 0), await StorageCounts.ReadAsync(server));
    }

    [Fact]
    public async Task A_client_that_aborts_mid_upload_leaves_nothing_once_the_sweep_has_looked()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" });
        HttpClient client = server.Client();
        using var abort = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<Exception>(() => client.PostAsync("/api/jobs/test.echo", new SlowChunkedContent(64 * MiB, "text/plain", abortAfter: 9 * MiB, abort), abort.Token));

        // The server sees the abort on its own time: wait (bounded) until its cleanup ran.
        await Leftovers.UntilAsync(async () => (await Leftovers.BlobsAsync(server)).Count == 0, "the aborted upload's blocks to be discarded");
        Assert.Equal(0, (await StorageCounts.ReadAsync(server)).JobRows);
        await Leftovers.SweepAsync(server, TimeSpan.FromDays(2));

        // A block upload canceled with the request may land after a discard: the server drops it again within seconds.
        await Leftovers.UntilAsync(async () => (await Leftovers.BlobsAsync(server)).Count == 0, "a late block of the aborted upload to be discarded");
        Assert.Equal(new StorageCounts(0, 0, 0, 0), await StorageCounts.ReadAsync(server));
    }

    [Fact]
    public async Task A_row_insert_that_fails_after_the_upload_leaves_no_blob_claim_or_message_and_its_engine_check_is_swept()
    {
        Azurite azurite = await Azurite.Shared;
        string jobsTable = Azurite.UniqueName("f") + "jobs";
        var table = new Mock<TableClient>(azurite.ConnectionString, jobsTable) { CallBase = true };
        // The row is inserted in one transaction with the tenant's counts (JobCounters).
        table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "injected: the row insert fails"));
        await using var server = new PipelineFactory(
            azurite,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false", ["JobPipeline:Storage:JobsTableName"] = jobsTable },
            services => services.AddSingleton(new JobTable(table.Object)));
        HttpClient client = server.Client();
        await client.GetAsync("/api/jobs");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent(new JsonObject
            {
                ["type"] = "test.echo",
                ["input"] = new JsonObject { ["text"] = new string('i', 40_000) },
                ["options"] = new JsonObject { ["note"] = new string('o', 20_000) },
            }),
        };
        request.Headers.Add("Idempotency-Key", "insert-fails");

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("STORAGE_UNAVAILABLE", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        // A storage failure is answered at once and cleaned up behind the answer: wait (bounded) for the cleanup.
        await Leftovers.UntilAsync(async () => await StorageCounts.ReadAsync(server) == new StorageCounts(0, 1, 0, 0), "the failed submit's cleanup");
        Assert.Empty(await Leftovers.BlobsAsync(server));
        await Leftovers.SweepAsync(server, TimeSpan.FromDays(2));
        Assert.Equal(new StorageCounts(0, 0, 0, 0), await StorageCounts.ReadAsync(server));
    }

    [Fact]
    public async Task Deleting_a_job_leaves_nothing_of_it_and_gives_its_idempotency_key_back()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" });
        HttpClient client = server.Client();
        HttpResponseMessage first = await SubmitWithKeyAsync(client, "delete-me", new string('a', 40_000));
        string id = (await first.ReadJsonAsync())["job_id"]!.GetValue<string>();

        HttpResponseMessage deleted = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await Leftovers.BlobsAsync(server));
        var index = new TableClient(server.Setting("JobPipeline:Storage:ConnectionString"), server.Setting("JobPipeline:Storage:IndexTableName"));
        Assert.DoesNotContain(index.Query<TableEntity>(), e => e.PartitionKey.StartsWith("idem|", StringComparison.Ordinal));
        await Leftovers.SweepAsync(server, TimeSpan.FromDays(2));
        Assert.Equal(new StorageCounts(0, 0, 0, 0), await StorageCounts.ReadAsync(server));
        HttpResponseMessage reused = await SubmitWithKeyAsync(client, "delete-me", "another body");
        Assert.Equal(HttpStatusCode.Accepted, reused.StatusCode);
        Assert.NotEqual(id, (await reused.ReadJsonAsync())["job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_submit_whose_process_died_midway_is_swept_staged_blocks_included()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" });
        await server.Client().GetAsync("/api/jobs");
        JobBlobs blobs = server.Services.GetRequiredService<JobBlobs>();
        var dead = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));
        var accepted = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));
        JobIndexTable index = server.Services.GetRequiredService<JobIndexTable>();
        await index.AddDueAsync(dead, DateTimeOffset.UtcNow.AddHours(1), DueKind.SubmitCheck);
        await blobs.Input(dead).StageBlockAsync(Convert.ToBase64String(new byte[8]), new MemoryStream(new byte[1024]));
        await index.AddDueAsync(accepted, DateTimeOffset.UtcNow.AddHours(1), DueKind.SubmitCheck);
        await blobs.Input(accepted).UploadAsync(new MemoryStream(new byte[10]));
        await server.Services.GetRequiredService<JobTable>().InsertAsync(new JobRecord { Tenant = accepted.Tenant, JobId = accepted.JobId, Type = "test.echo", InputInBlob = true });
        Assert.Equal(2, (await Leftovers.BlobsAsync(server)).Count);

        await Leftovers.SweepAsync(server, TimeSpan.FromHours(2));

        Assert.Equal([$"tenant-a/{accepted.JobId}/input"], await Leftovers.BlobsAsync(server));
        Assert.Equal(new StorageCounts(1, 0, 1, 0), await StorageCounts.ReadAsync(server));
    }

    private static async Task<HttpResponseMessage> SubmitWithKeyAsync(HttpClient client, string key, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent(new JsonObject { ["type"] = "test.echo", ["input"] = new JsonObject { ["text"] = text } }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>
    /// A chunked body of <c>length</c> bytes sent in 64 KiB writes; with <c>abortAfter</c> the client gives up midway:
    /// it cancels its request (<c>abort</c>, the token the request was sent with), as a client that drops the
    /// connection, and fails the body. The failed body alone does not end the request in the in-memory test server:
    /// without the cancel, the request ended only at HttpClient's own 100 s timeout, the same cancel 90 s later.
    /// </summary>
    private sealed class SlowChunkedContent : HttpContent
    {
        private readonly long _length;
        private readonly long? _abortAfter;
        private readonly CancellationTokenSource? _abort;

        public SlowChunkedContent(long length, string contentType, long? abortAfter = null, CancellationTokenSource? abort = null)
        {
            _length = length;
            _abortAfter = abortAfter;
            _abort = abort;
            Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            byte[] chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (long sent = 0; sent < _length; sent += chunk.Length)
            {
                if (sent >= _abortAfter)
                {
                    await (_abort?.CancelAsync() ?? Task.CompletedTask);
                    throw new IOException("The client gave up mid-upload.");
                }

                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
