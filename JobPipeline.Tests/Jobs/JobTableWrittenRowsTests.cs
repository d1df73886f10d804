using Azure.Core;
using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JobPipeline.Tests.Jobs;

/// <summary>
/// A job's next change starts from the row this instance wrote last (<see cref="WrittenRows"/>), saving a read, and
/// never at the expense of a change another instance made meanwhile: two <see cref="JobTable"/>s over one table are two
/// server instances.
/// </summary>
public sealed class JobTableWrittenRowsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_change_right_after_this_instances_own_write_is_written_without_a_read()
    {
        (JobTable jobs, RequestCounter counter, string table) = await TableAsync();
        JobRecord job = Queued();
        await jobs.InsertAsync(job);
        counter.Clear();

        (JobRecord? started, bool moved) = await jobs.TransitionAsync(job.Ref, c => c.Status == JobStatus.Queued ? c with { Status = JobStatus.Processing } : null);
        (JobRecord? counted, bool again) = await jobs.TransitionAsync(job.Ref, c => c.Status == JobStatus.Processing ? c with { Attempts = c.Attempts + 1 } : null);

        Assert.True(moved && again);
        Assert.Equal(0, counter.Requests.Count(r => r.Method == "GET"));

        // The status move is a transaction with the tenant's counts (POST …/$batch); the attempt count a plain PUT.
        Assert.Equal(1, counter.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/$batch", StringComparison.Ordinal)));
        Assert.Equal(1, counter.To(table).Count(r => r.Method == "PUT"));
        JobRecord? stored = await jobs.GetAsync(job.Ref);
        Assert.Equal((JobStatus.Processing, 1), (stored!.Status, stored.Attempts));
        Assert.Equal(counted!.ETag, stored.ETag);
    }

    [Fact]
    public async Task A_row_another_instance_changed_meanwhile_is_decided_on_afresh_not_overwritten()
    {
        (JobTable here, RequestCounter _, string table) = await TableAsync();
        var there = new JobTable(new TableClient((await Azurite.Shared).ConnectionString, table));
        JobRecord job = Queued();
        await here.InsertAsync(job);
        await there.TransitionAsync(job.Ref, c => c with { Status = JobStatus.Canceled });

        (JobRecord? row, bool moved) = await here.TransitionAsync(job.Ref, c => c.Status == JobStatus.Queued ? c with { Status = JobStatus.Processing } : null);

        Assert.False(moved);
        Assert.Equal(JobStatus.Canceled, row!.Status);
        Assert.Equal(JobStatus.Canceled, (await here.GetAsync(job.Ref))!.Status);
    }

    [Fact]
    public async Task A_change_that_would_leave_the_remembered_row_alone_looks_at_the_stored_row_first()
    {
        (JobTable here, RequestCounter _, string table) = await TableAsync();
        var there = new JobTable(new TableClient((await Azurite.Shared).ConnectionString, table));
        JobRecord job = Queued();
        await here.InsertAsync(job);
        await there.TransitionAsync(job.Ref, c => c with { Status = JobStatus.Processing });

        // Remembered here: queued, which this change would leave alone; stored: processing, which it changes.
        (JobRecord? row, bool changed) = await here.TransitionAsync(job.Ref, c => c.Status == JobStatus.Processing ? c with { Progress = 40 } : null);

        Assert.True(changed);
        Assert.Equal((JobStatus.Processing, 40), (row!.Status, row.Progress));
        JobRecord? stored = await there.GetAsync(job.Ref);
        Assert.Equal((JobStatus.Processing, 40), (stored!.Status, stored.Progress));
    }

    [Fact]
    public async Task A_row_deleted_by_another_instance_is_gone_for_this_one_too()
    {
        (JobTable here, RequestCounter _, string table) = await TableAsync();
        var there = new JobTable(new TableClient((await Azurite.Shared).ConnectionString, table));
        JobRecord job = Queued();
        await here.InsertAsync(job);
        await there.DeleteAsync(job.Ref);

        (JobRecord? row, bool changed) = await here.TransitionAsync(job.Ref, c => c with { Status = JobStatus.Processing });

        Assert.Null(row);
        Assert.False(changed);
        Assert.Null(await there.GetAsync(job.Ref));
    }

    [Fact]
    public void Remembered_rows_are_bounded_in_number_and_age_and_terminal_rows_are_not_kept()
    {
        var time = new FakeTimeProvider(Now);
        var rows = new WrittenRows(time);
        for (int i = 0; i < WrittenRows.Capacity + 10; i++)
        {
            rows.Remember(Queued() with { JobId = $"job{i}", ETag = new Azure.ETag("\"1\"") });
        }

        int full = rows.Count;
        JobRecord kept = Queued() with { JobId = "job0", ETag = new Azure.ETag("\"1\"") };
        bool foundFresh = rows.Find(kept.Ref) is not null;
        time.Advance(WrittenRows.Lifetime);
        bool foundOld = rows.Find(kept.Ref) is not null;
        rows.Remember(kept with { JobId = "late" });
        int afterTrim = rows.Count;
        rows.Remember(kept with { JobId = "late", Status = JobStatus.Completed });

        Assert.Equal(WrittenRows.Capacity, full);
        Assert.True(foundFresh);
        Assert.False(foundOld);
        Assert.Equal(1, afterTrim);
        Assert.Null(rows.Find(new JobRef(kept.Tenant, "late")));
    }

    [Fact]
    public async Task Concurrent_changes_of_one_counter_shard_in_one_instance_take_turns_instead_of_failing_on_its_etag()
    {
        (JobTable jobs, RequestCounter counter, string _) = await TableAsync();

        // Ids that end alike count in the same shard of the tenant's counts.
        JobRecord[] queued = [.. Enumerable.Range(0, 12).Select(i => Queued() with { JobId = $"job{i:D2}x" })];
        await Task.WhenAll(queued.Select(job => jobs.InsertAsync(job)));
        counter.Clear();
        await Task.WhenAll(queued.Select(job => jobs.TransitionAsync(job.Ref, c => c.Status == JobStatus.Queued ? c with { Status = JobStatus.Processing } : null)));
        IReadOnlyDictionary<string, long[]> counts = await jobs.Counters.ReadAsync("t");

        // One transaction per change and no read: every change started from the state the one before it wrote.
        Assert.Equal(12, counter.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/$batch", StringComparison.Ordinal)));
        Assert.Equal(0, counter.Requests.Count(r => r.Method == "GET" && !r.Path.EndsWith("()", StringComparison.Ordinal)));
        Assert.Equal(12, counts["test.echo"][(int)JobStatus.Processing]);
        Assert.Equal(0, counts["test.echo"][(int)JobStatus.Queued]);
    }

    private static JobRecord Queued() => new()
    {
        Tenant = "t",
        JobId = JobId.New(Now),
        Type = "test.echo",
        Status = JobStatus.Queued,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static async Task<(JobTable Jobs, RequestCounter Counter, string Table)> TableAsync()
    {
        Azurite azurite = await Azurite.Shared;
        string name = Azurite.UniqueName("written");
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var client = new TableClient(azurite.ConnectionString, name, options);
        await client.CreateIfNotExistsAsync();
        return (new JobTable(client), counter, name);
    }
}
