using Azure.Data.Tables;
using JobPipeline.Jobs;
using JobPipeline.Retention;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Moq;

namespace JobPipeline.Tests.Retention;

public sealed class RetentionSweeperTests
{
    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Canceled)]
    public async Task A_terminal_job_past_retention_becomes_an_expired_stub_without_input_result_or_engine_history(JobStatus status)
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddFinishedAsync(status);
        JobRecord before = (await rig.Jobs.GetAsync(job))!;
        rig.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(1, result.Listed);
        Assert.Equal(1, result.Expired);
        JobRecord after = (await rig.Jobs.GetAsync(job))!;
        Assert.Equal(JobStatus.Expired, after.Status);
        Assert.Equal(status, after.OutcomeBeforeExpiry);
        Assert.Equal(before.SummaryJson, after.SummaryJson);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(before.CompletedAt, after.CompletedAt);
        Assert.Equal(before.ExpiresAt, after.ExpiresAt);
        Assert.Null(after.ResultInline);
        Assert.Null(after.InputInline);
        Assert.False(after.ResultInBlob);
        Assert.False(after.InputInBlob);
        Assert.False(await rig.BlobsExistAsync(job));
        rig.Engine.Verify(e => e.ForgetAsync(job, It.IsAny<CancellationToken>()), Times.Once);
        TableEntity entry = Assert.Single(await rig.IndexEntriesAsync(job));
        Assert.Equal("stub", entry.GetString("Kind"));
        Assert.Equal(after.ExpiresAt!.Value + TimeSpan.FromDays(7), entry.GetDateTimeOffset("DueAt"));
    }

    [Fact]
    public async Task A_terminal_job_within_retention_is_left_alone()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddFinishedAsync();
        rig.Time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(0, result.Listed);
        Assert.Equal(JobStatus.Completed, (await rig.Jobs.GetAsync(job))!.Status);
        Assert.True(await rig.BlobsExistAsync(job));
        Assert.Single(await rig.IndexEntriesAsync(job));
    }

    [Fact]
    public async Task An_expired_stub_is_deleted_once_the_stub_retention_has_passed_too()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddFinishedAsync();
        rig.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await rig.Sweeper().SweepAsync();
        rig.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(2));
        RetentionSweepResult early = await rig.Sweeper().SweepAsync();
        rig.Time.Advance(TimeSpan.FromSeconds(2));

        RetentionSweepResult late = await rig.Sweeper().SweepAsync();

        Assert.Equal(0, early.Listed);
        Assert.Equal(1, late.StubsDeleted);
        Assert.Null(await rig.Jobs.GetAsync(job));
        Assert.Empty(await rig.IndexEntriesAsync(job));
    }

    [Fact]
    public async Task The_sweep_reads_only_the_due_jobs_however_many_live_ones_there_are()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef[] due = [await rig.AddFinishedAsync(), await rig.AddFinishedAsync(JobStatus.Failed), await rig.AddFinishedAsync(JobStatus.Canceled, "tenant-b")];
        rig.Time.Advance(TimeSpan.FromMinutes(30));
        var live = new List<JobRef>();
        live.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(i => rig.AddFinishedAsync(tenant: i % 2 == 0 ? "tenant-a" : "tenant-b")))); // due later in the same hour
        rig.Time.Advance(TimeSpan.FromHours(2));
        live.AddRange(await Task.WhenAll(Enumerable.Range(0, 60).Select(i => rig.AddFinishedAsync(tenant: i % 2 == 0 ? "tenant-a" : "tenant-b")))); // due in a later hour
        live.AddRange(await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => rig.AddQueuedAsync()))); // not terminal: no index entry
        rig.Time.SetUtcNow(RetentionRig.Start + TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5));
        rig.Counter.Clear();

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(3, result.Listed);
        Assert.Equal(3, result.Expired);
        // The tenants' counter rows live in the jobs table too; the sweep re-reads one only when another write to it
        // got there first (two due jobs in one counter row), so they are not job reads.
        IReadOnlyList<(string Method, string Path)> jobReads =
            [.. rig.Counter.To(rig.JobsTableName).Where(r => !r.Path.Contains(JobPipeline.Storage.JobCounters.RowKeyPrefix, StringComparison.Ordinal))];
        Assert.All(jobReads, r => Assert.Contains(due, d => r.Path.Contains(d.JobId, StringComparison.Ordinal)));
        Assert.Equal(3, jobReads.Count(r => r.Method == "GET")); // one point read per due job, no query
        Assert.InRange(rig.Counter.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/$batch", StringComparison.Ordinal)), 3, 6); // each row with its tenant's counts, once more after a counter-row conflict
        Assert.Equal(1, rig.Counter.To(rig.IndexTableName).Count(r => r.Method == "GET")); // one range query
        foreach (JobRef job in live.Take(5).Concat(live.Skip(10).Take(5)).Concat(live.Skip(70).Take(5)))
        {
            JobRecord row = (await rig.Jobs.GetAsync(job))!;
            Assert.NotEqual(JobStatus.Expired, row.Status);
            Assert.True(await rig.BlobsExistAsync(job));
        }
    }

    [Fact]
    public async Task Two_sweeps_at_once_expire_each_due_job_exactly_once_and_no_live_job()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        var due = new List<JobRef>();
        for (int i = 0; i < 12; i++)
        {
            due.Add(await rig.AddFinishedAsync(i % 3 == 0 ? JobStatus.Failed : JobStatus.Completed));
        }

        rig.Time.Advance(TimeSpan.FromHours(1));
        JobRef[] live = [await rig.AddFinishedAsync(), await rig.AddFinishedAsync(), await rig.AddQueuedAsync()];
        rig.Time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(1));

        RetentionSweepResult[] results = await Task.WhenAll(rig.Sweeper().SweepAsync(), rig.Sweeper().SweepAsync());

        Assert.Equal(12, results.Sum(r => r.Expired));
        Assert.All(results, r => Assert.Equal(0, r.Failed));
        foreach (JobRef job in due)
        {
            JobRecord row = (await rig.Jobs.GetAsync(job))!;
            Assert.Equal(JobStatus.Expired, row.Status);
            Assert.False(await rig.BlobsExistAsync(job));
            TableEntity entry = Assert.Single(await rig.IndexEntriesAsync(job));
            Assert.Equal("stub", entry.GetString("Kind"));
        }

        foreach (JobRef job in live)
        {
            Assert.NotEqual(JobStatus.Expired, (await rig.Jobs.GetAsync(job))!.Status);
            Assert.True(await rig.BlobsExistAsync(job));
        }
    }

    [Fact]
    public async Task Two_sweeps_at_once_with_no_stub_retention_leave_no_row_and_no_entry_after_the_next_run()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.ExpiredStubRetention = TimeSpan.Zero);
        var due = new List<JobRef>();
        for (int i = 0; i < 10; i++)
        {
            due.Add(await rig.AddFinishedAsync());
        }

        rig.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        RetentionSweepResult[] results = await Task.WhenAll(rig.Sweeper().SweepAsync(), rig.Sweeper().SweepAsync());
        RetentionSweepResult next = await rig.Sweeper().SweepAsync();
        RetentionSweepResult last = await rig.Sweeper().SweepAsync();

        Assert.Equal(10, results.Sum(r => r.Expired));
        Assert.All(results.Append(next), r => Assert.Equal(0, r.Failed));
        Assert.Equal(0, last.Listed);
        foreach (JobRef job in due)
        {
            Assert.Null(await rig.Jobs.GetAsync(job));
            Assert.Empty(await rig.IndexEntriesAsync(job));
        }
    }

    [Fact]
    public async Task A_sweep_handles_at_most_one_batch_and_the_next_one_picks_up_the_rest()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.RetentionSweepBatch = 5);
        var due = new List<JobRef>();
        for (int i = 0; i < 12; i++)
        {
            due.Add(await rig.AddFinishedAsync());
        }

        rig.Time.Advance(TimeSpan.FromHours(25));

        RetentionSweepResult first = await rig.Sweeper().SweepAsync();
        int expiredAfterFirst = await CountAsync(rig, due, JobStatus.Expired);
        RetentionSweepResult second = await rig.Sweeper().SweepAsync();
        RetentionSweepResult third = await rig.Sweeper().SweepAsync();
        RetentionSweepResult fourth = await rig.Sweeper().SweepAsync();

        Assert.Equal((5, 5, true), (first.Listed, first.Expired, first.MoreDue));
        Assert.Equal(5, expiredAfterFirst);
        Assert.Equal((5, 5, true), (second.Listed, second.Expired, second.MoreDue));
        Assert.Equal((2, 2, false), (third.Listed, third.Expired, third.MoreDue));
        Assert.Equal(0, fourth.Listed);
        Assert.Equal(12, await CountAsync(rig, due, JobStatus.Expired));
    }

    [Fact]
    public async Task A_leftover_entry_of_a_deleted_job_removes_its_blobs_and_engine_history()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddFinishedAsync();
        await rig.Jobs.DeleteAsync(job); // a delete that stopped after the row
        rig.Time.Advance(TimeSpan.FromHours(25));

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(1, result.Orphaned);
        Assert.False(await rig.BlobsExistAsync(job));
        rig.Engine.Verify(e => e.ForgetAsync(job, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(await rig.IndexEntriesAsync(job));
    }

    [Fact]
    public async Task A_stale_entry_of_a_job_that_is_not_terminal_or_due_later_is_removed_and_the_job_untouched()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef queued = await rig.AddQueuedAsync();
        JobRef finished = await rig.AddFinishedAsync();
        await rig.Index.AddDueAsync(queued, RetentionRig.Start + TimeSpan.FromHours(1)); // a finish that never happened
        await rig.Index.AddDueAsync(finished, RetentionRig.Start + TimeSpan.FromHours(1)); // an earlier, superseded finish
        rig.Time.Advance(TimeSpan.FromHours(2));

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(2, result.Stale);
        Assert.Equal(JobStatus.Queued, (await rig.Jobs.GetAsync(queued))!.Status);
        Assert.Equal(JobStatus.Completed, (await rig.Jobs.GetAsync(finished))!.Status);
        Assert.True(await rig.BlobsExistAsync(queued));
        Assert.True(await rig.BlobsExistAsync(finished));
        Assert.Empty(await rig.IndexEntriesAsync(queued));
        TableEntity kept = Assert.Single(await rig.IndexEntriesAsync(finished));
        Assert.Equal(RetentionRig.Start + TimeSpan.FromHours(24), kept.GetDateTimeOffset("DueAt"));
    }

    [Fact]
    public async Task A_young_entry_of_a_job_still_finishing_is_kept_for_a_later_run()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.Retention = TimeSpan.FromSeconds(1));
        JobRef job = await rig.AddQueuedAsync();
        await rig.Index.AddDueAsync(job, rig.Time.GetUtcNow() + TimeSpan.FromSeconds(1)); // the finish wrote it; the row is not terminal yet
        rig.Time.Advance(TimeSpan.FromSeconds(2));

        RetentionSweepResult result = await rig.Sweeper().SweepAsync();

        Assert.Equal(1, result.Deferred);
        Assert.Single(await rig.IndexEntriesAsync(job));
    }

    [Fact]
    public async Task An_expiry_cut_short_by_a_failure_is_finished_by_the_next_run()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddFinishedAsync();
        rig.Engine.SetupSequence(e => e.ForgetAsync(job, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("engine unreachable"))
            .Returns(Task.CompletedTask);
        rig.Time.Advance(TimeSpan.FromHours(25));

        RetentionSweepResult failed = await rig.Sweeper().SweepAsync();
        List<TableEntity> entriesBetween = await rig.IndexEntriesAsync(job);
        RetentionSweepResult retried = await rig.Sweeper().SweepAsync();

        Assert.Equal(1, failed.Failed);
        Assert.Equal("expire", Assert.Single(entriesBetween).GetString("Kind"));
        Assert.Equal(0, retried.Failed);
        Assert.Equal(JobStatus.Expired, (await rig.Jobs.GetAsync(job))!.Status);
        rig.Engine.Verify(e => e.ForgetAsync(job, It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal("stub", Assert.Single(await rig.IndexEntriesAsync(job)).GetString("Kind"));
    }

    private static async Task<int> CountAsync(RetentionRig rig, IEnumerable<JobRef> jobs, JobStatus status)
    {
        int count = 0;
        foreach (JobRef job in jobs)
        {
            if ((await rig.Jobs.GetAsync(job))!.Status == status)
            {
                count++;
            }
        }

        return count;
    }
}
