using JobPipeline.Engine;
using JobPipeline.Jobs;
using Moq;

namespace JobPipeline.Tests.Engine;

public sealed class JobWorkflowTests
{
    private static readonly JobRef Job = new("tenant-a", "job");
    private static readonly StepRetryPolicy Retry = new(3, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_start_that_does_not_proceed_ends_the_workflow_without_processing()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        context.Setup(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry)).ReturnsAsync(new StartStepResult(false, JobStatus.Canceled));

        JobStatus status = await JobWorkflow.RunAsync(context.Object, Job, Retry);

        Assert.Equal(JobStatus.Canceled, status);
        context.Verify(c => c.CallStepAsync<StepOutcome>(It.IsAny<string>(), It.IsAny<object>(), It.IsAny<StepRetryPolicy>()), Times.Never);
    }

    [Fact]
    public async Task A_started_job_is_processed_and_ends_in_the_status_processing_left_it()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        var calls = new List<string>();
        context.Setup(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry))
            .Callback(() => calls.Add(JobStepNames.Start)).ReturnsAsync(new StartStepResult(true, JobStatus.Processing));
        context.Setup(c => c.CallStepAsync<StepOutcome>(JobStepNames.Process, Job, Retry))
            .Callback(() => calls.Add(JobStepNames.Process)).ReturnsAsync(new StepOutcome(JobStatus.Completed));

        JobStatus status = await JobWorkflow.RunAsync(context.Object, Job, Retry);

        Assert.Equal(JobStatus.Completed, status);
        Assert.Equal([JobStepNames.Start, JobStepNames.Process], calls);
    }

    [Fact]
    public async Task Processing_that_fails_on_every_attempt_calls_the_fail_step_with_PROCESSING_FAILED()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        var calls = new List<string>();
        FailStepInput? failInput = null;
        context.Setup(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry))
            .Callback(() => calls.Add(JobStepNames.Start)).ReturnsAsync(new StartStepResult(true, JobStatus.Processing));
        context.Setup(c => c.CallStepAsync<StepOutcome>(JobStepNames.Process, Job, Retry))
            .Callback(() => calls.Add(JobStepNames.Process)).ThrowsAsync(new JobStepFailedException(JobStepNames.Process, "storage away"));
        context.Setup(c => c.CallStepAsync<StepOutcome>(JobStepNames.Fail, It.IsAny<FailStepInput>(), Retry))
            .Callback((string _, object input, StepRetryPolicy _) => { calls.Add(JobStepNames.Fail); failInput = (FailStepInput)input; })
            .ReturnsAsync(new StepOutcome(JobStatus.Failed));

        JobStatus status = await JobWorkflow.RunAsync(context.Object, Job, Retry);

        Assert.Equal(JobStatus.Failed, status);
        Assert.Equal([JobStepNames.Start, JobStepNames.Process, JobStepNames.Fail], calls);
        Assert.Equal(Job, failInput!.Job);
        Assert.Equal(ErrorCodes.ProcessingFailed, failInput.Error.Code);
        Assert.True(failInput.Error.Retryable);
    }

    [Fact]
    public async Task A_start_step_that_fails_is_not_turned_into_a_failed_job_by_the_workflow()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        context.Setup(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry))
            .ThrowsAsync(new JobStepFailedException(JobStepNames.Start, "storage away"));

        Task run = JobWorkflow.RunAsync(context.Object, Job, Retry);

        await Assert.ThrowsAsync<JobStepFailedException>(() => run);
        context.Verify(c => c.CallStepAsync<StepOutcome>(It.IsAny<string>(), It.IsAny<object>(), It.IsAny<StepRetryPolicy>()), Times.Never);
    }

    [Fact]
    public async Task A_deferred_start_waits_with_a_growing_delay_and_is_tried_again_until_it_proceeds()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        var delays = new List<TimeSpan>();
        context.SetupSequence(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry))
            .ReturnsAsync(StartStepResult.Defer)
            .ReturnsAsync(StartStepResult.Defer)
            .ReturnsAsync(StartStepResult.Defer)
            .ReturnsAsync(new StartStepResult(true, JobStatus.Processing));
        context.Setup(c => c.DeferAsync(It.IsAny<TimeSpan>())).Callback((TimeSpan delay) => delays.Add(delay)).ReturnsAsync(true);
        context.Setup(c => c.CallStepAsync<StepOutcome>(JobStepNames.Process, Job, Retry)).ReturnsAsync(new StepOutcome(JobStatus.Completed));

        JobStatus status = await JobWorkflow.RunAsync(context.Object, Job, Retry);

        Assert.Equal(JobStatus.Completed, status);
        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], delays);
        Assert.Equal(TimeSpan.FromSeconds(5), JobWorkflow.DeferralDelay(30));
    }

    [Fact]
    public async Task A_deferred_start_the_engine_will_run_again_ends_the_workflow_queued_without_processing()
    {
        var context = new Mock<IJobWorkflowContext>(MockBehavior.Strict);
        context.Setup(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry)).ReturnsAsync(StartStepResult.Defer);
        context.Setup(c => c.DeferAsync(It.IsAny<TimeSpan>())).ReturnsAsync(false);

        JobStatus status = await JobWorkflow.RunAsync(context.Object, Job, Retry);

        Assert.Equal(JobStatus.Queued, status);
        context.Verify(c => c.CallStepAsync<StartStepResult>(JobStepNames.Start, Job, Retry), Times.Once);
        context.Verify(c => c.CallStepAsync<StepOutcome>(It.IsAny<string>(), It.IsAny<object>(), It.IsAny<StepRetryPolicy>()), Times.Never);
    }
}
