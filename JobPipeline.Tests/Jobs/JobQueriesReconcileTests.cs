using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using Moq;

namespace JobPipeline.Tests.Jobs;

/// <summary>The engine is the truth about execution: a row that fell behind it is repaired on read (the Durable engine's safety net).</summary>
public sealed class JobQueriesReconcileTests
{
    [Fact]
    public async Task A_queued_job_the_engine_does_not_know_is_handed_to_the_engine_again()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        rig.Engine.Setup(e => e.GetStateAsync(job, It.IsAny<CancellationToken>())).ReturnsAsync(new EngineJobState(EnginePhase.Unknown));
        rig.Time.Advance(rig.Options.ReconcileAfter + TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Queued, read!.Status);
        rig.Engine.Verify(e => e.StartAsync(job, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_queued_job_that_changed_recently_is_not_checked_against_the_engine()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        rig.Time.Advance(rig.Options.ReconcileAfter - TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Queued, read!.Status);
        rig.Engine.Verify(e => e.GetStateAsync(It.IsAny<JobRef>(), It.IsAny<CancellationToken>()), Times.Never);
        rig.Engine.Verify(e => e.StartAsync(It.IsAny<JobRef>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_processing_job_whose_execution_failed_in_the_engine_ends_failed_and_enters_the_expiry_index()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        await rig.Steps.StartAsync(job);
        rig.Engine.Setup(e => e.GetStateAsync(job, It.IsAny<CancellationToken>())).ReturnsAsync(new EngineJobState(EnginePhase.Failed, "orchestrator crashed"));
        rig.Time.Advance(rig.Options.ReconcileAfter + TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Failed, read!.Status);
        Assert.Equal(ErrorCodes.InternalError, read.Error!.Code);
        Assert.Single(await rig.IndexEntriesAsync(job));
        rig.Engine.Verify(e => e.StartAsync(It.IsAny<JobRef>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_processing_job_quiet_long_past_its_time_limit_ends_failed_with_TIMEOUT_whatever_the_engine_says()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        await rig.Steps.StartAsync(job);
        rig.Time.Advance(rig.Options.JobTimeout + rig.Options.ReconcileAfter + TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Failed, read!.Status);
        Assert.Equal(ErrorCodes.Timeout, read.Error!.Code);
        Assert.Single(await rig.IndexEntriesAsync(job));
        rig.Engine.Verify(e => e.GetStateAsync(It.IsAny<JobRef>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_processing_job_within_its_time_limit_is_left_to_its_worker_when_the_engine_cannot_tell()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        await rig.Steps.StartAsync(job);
        rig.Time.Advance(rig.Options.ReconcileAfter + TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Processing, read!.Status);
    }

    [Fact]
    public async Task A_job_whose_execution_was_terminated_in_the_engine_ends_canceled()
    {
        RetentionRig rig = await RetentionRig.CreateAsync();
        JobRef job = await rig.AddQueuedAsync();
        rig.Engine.Setup(e => e.GetStateAsync(job, It.IsAny<CancellationToken>())).ReturnsAsync(new EngineJobState(EnginePhase.Terminated));
        rig.Time.Advance(rig.Options.ReconcileAfter + TimeSpan.FromSeconds(1));

        JobRecord? read = await Queries(rig).GetAsync(job);

        Assert.Equal(JobStatus.Canceled, read!.Status);
    }

    private static JobQueries Queries(RetentionRig rig) =>
        new(rig.Jobs, rig.Steps, rig.Engine.Object, rig.Cache, Options.Create(rig.Options), rig.Time);
}
