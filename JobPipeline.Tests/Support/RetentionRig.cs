using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Retention;
using JobPipeline.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace JobPipeline.Tests.Support;

/// <summary>
/// The projection, index, blobs, steps and sweeper built directly over Azurite (own table and container names), with
/// a <see cref="FakeTimeProvider"/> that starts on the hour, a Moq'd engine and a counter of every table request.
/// </summary>
internal sealed class RetentionRig
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RetentionRig(Azurite azurite, JobPipelineOptions options)
    {
        string name = Azurite.UniqueName("ret");
        JobsTableName = name + "jobs";
        IndexTableName = name + "index";
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(Counter, HttpPipelinePosition.PerCall);
        var tables = new TableServiceClient(azurite.ConnectionString, tableOptions);
        Jobs = new JobTable(tables.GetTableClient(JobsTableName));
        Index = new JobIndexTable(tables.GetTableClient(IndexTableName));
        Blobs = new JobBlobs(new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(name), Time);
        Options = options;
        Cache = new TerminalJobCache(Time);
        Steps = new JobSteps(
            Jobs, Index, Blobs, new JobProcessorCatalog(TestProcessors.All), new JobCancellations(),
            new TenantJobSlots(Microsoft.Extensions.Options.Options.Create(options), Time),
            Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<JobSteps>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public RequestCounter Counter { get; } = new();

    public Mock<IJobEngine> Engine { get; } = new();

    public string JobsTableName { get; }

    public string IndexTableName { get; }

    public JobTable Jobs { get; }

    public JobIndexTable Index { get; }

    public JobBlobs Blobs { get; }

    public JobSteps Steps { get; }

    public TerminalJobCache Cache { get; }

    public JobPipelineOptions Options { get; }

    public static async Task<RetentionRig> CreateAsync(Action<JobPipelineOptions>? configure = null)
    {
        var options = new JobPipelineOptions { Retention = TimeSpan.FromHours(24), ExpiredStubRetention = TimeSpan.FromDays(7) };
        configure?.Invoke(options);
        var rig = new RetentionRig(await Azurite.Shared, options);
        await rig.Jobs.CreateIfNotExistsAsync();
        await rig.Index.CreateIfNotExistsAsync();
        await rig.Blobs.CreateIfNotExistsAsync();
        return rig;
    }

    public RetentionSweeper Sweeper() => new(
        Jobs, Index, Blobs, Engine.Object, Cache, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<RetentionSweeper>.Instance);

    /// <summary>A queued job with an input blob, as the submitter leaves it.</summary>
    public async Task<JobRef> AddQueuedAsync(string tenant = "tenant-a")
    {
        DateTimeOffset now = Time.GetUtcNow();
        var job = new JobRef(tenant, JobId.New(now));
        await Blobs.Input(job).UploadAsync(BinaryData.FromString("{\"text\":\"input\"}").ToStream());
        await Jobs.InsertAsync(new JobRecord
        {
            Tenant = tenant,
            JobId = job.JobId,
            Type = "test.echo",
            Status = JobStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            InputInBlob = true,
        });
        return job;
    }

    /// <summary>A job that ran and ended <paramref name="status"/> now (result in a blob when completed), through the real steps.</summary>
    public async Task<JobRef> AddFinishedAsync(JobStatus status = JobStatus.Completed, string tenant = "tenant-a")
    {
        JobRef job = await AddQueuedAsync(tenant);
        await Steps.StartAsync(job);
        if (status == JobStatus.Completed)
        {
            await Blobs.Result(job).UploadAsync(BinaryData.FromString(new string('r', 100)).ToStream());
        }

        await Steps.FinishAsync(
            job,
            status,
            c => status == JobStatus.Completed
                ? c with { SummaryJson = "{\"length\":100}", ResultInBlob = true, ResultContentType = "text/plain", ResultForm = ResultForm.Text, ResultSizeBytes = 100 }
                : c with { SummaryJson = "{\"length\":0}" },
            CancellationToken.None);
        return job;
    }

    public async Task<bool> BlobsExistAsync(JobRef job) =>
        (await Blobs.Input(job).ExistsAsync()).Value || (await Blobs.Result(job).ExistsAsync()).Value;

    public async Task<List<TableEntity>> IndexEntriesAsync(JobRef job)
    {
        string rowKey = $"{job.Tenant}|{job.JobId}";
        var entries = new List<TableEntity>();
        await foreach (TableEntity entity in Index.Client.QueryAsync<TableEntity>(e => e.RowKey == rowKey))
        {
            entries.Add(entity);
        }

        return entries;
    }
}
