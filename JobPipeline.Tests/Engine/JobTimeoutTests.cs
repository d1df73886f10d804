using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Engine;

public sealed class JobTimeoutTests
{
    [Fact]
    public async Task A_processing_job_picked_up_again_after_its_timeout_ends_failed_with_TIMEOUT_instead_of_running()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.JobTimeout = TimeSpan.FromMinutes(30));
        JobRef job = await rig.AddQueuedAsync();
        await rig.Steps.StartAsync(job); // its worker then died
        rig.Time.Advance(TimeSpan.FromMinutes(30));

        StartStepResult start = await rig.Steps.StartAsync(job);

        Assert.Equal(new StartStepResult(false, JobStatus.Failed), start);
        JobRecord row = (await rig.Jobs.GetAsync(job))!;
        Assert.Equal(ErrorCodes.Timeout, row.Error!.Code);
        Assert.Equal(1800, row.Error.Details!["timeout_seconds"]!.GetValue<long>());
        Assert.Single(await rig.IndexEntriesAsync(job));
    }

    [Fact]
    public async Task A_processing_job_picked_up_again_within_its_timeout_runs_again()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.JobTimeout = TimeSpan.FromMinutes(30));
        JobRef job = await rig.AddQueuedAsync();
        await rig.Steps.StartAsync(job);
        rig.Time.Advance(TimeSpan.FromMinutes(29));

        StartStepResult start = await rig.Steps.StartAsync(job);
        StepOutcome processed = await rig.Steps.ProcessAsync(job);

        Assert.Equal(new StartStepResult(true, JobStatus.Processing), start);
        Assert.Equal(JobStatus.Completed, processed.Status);
    }

    [Fact]
    public async Task A_job_still_processing_when_its_timeout_passes_is_stopped_and_ends_failed_with_TIMEOUT()
    {
        RetentionRig rig = await RetentionRig.CreateAsync(o => o.JobTimeout = TimeSpan.FromSeconds(1));
        DateTimeOffset now = rig.Time.GetUtcNow();
        var job = new JobRef("tenant-a", JobId.New(now));
        await rig.Jobs.InsertAsync(new JobRecord
        {
            Tenant = job.Tenant,
            JobId = job.JobId,
            Type = "test.sleep",
            Status = JobStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            InputInline = "{\"ms\":600000}"u8.ToArray(),
        });
        await rig.Steps.StartAsync(job);

        // No stopwatch: the job sleeps ten minutes, so ending failed with TIMEOUT at all is the proof that it was stopped.
        StepOutcome outcome = await rig.Steps.ProcessAsync(job);

        Assert.Equal(JobStatus.Failed, outcome.Status);
        JobRecord row = (await rig.Jobs.GetAsync(job))!;
        Assert.Equal(ErrorCodes.Timeout, row.Error!.Code);
        Assert.Null(row.ResultInline);
        Assert.False(row.ResultInBlob);
    }
}
