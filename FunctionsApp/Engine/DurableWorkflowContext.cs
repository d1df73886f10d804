using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.DurableTask;

namespace FunctionsApp.Engine;

/// <summary>
/// Runs <see cref="JobWorkflow"/>'s steps as Durable activities with Durable's own retry policy; a step whose attempts
/// are used up surfaces as <see cref="JobStepFailedException"/>, as the workflow expects. Deterministic: it only
/// schedules work through the orchestration context.
/// </summary>
/// <remarks>
/// With <paramref name="fused"/>, the start step runs as <see cref="JobStepActivities.StartAndProcessAsync"/>, which
/// goes on with the process step when the job proceeds; the workflow's following process step then takes that outcome
/// without an activity of its own. When the fused activity could not complete a step (no row in time, a failed
/// process attempt, the activity itself failed), the step runs as its own activity with its own retries, the fused
/// attempt counted as the first of them, so every step keeps its attempts and its outcome.
/// <para>
/// The engine is told of a job before its row is written, so the start activity may meet no row yet
/// (<see cref="JobRowMissingException"/>) once it has looked again for <see cref="DurableEngineOptions.StartRowWait"/>.
/// The start step therefore gets at least the attempts whose retry intervals cover <paramref name="rowWait"/>
/// (<see cref="JobPipeline.JobPipelineOptions.JobRowWait"/>, carried in the orchestration's input): seven with the
/// default policy (1 s, doubling) and wait (a minute), as long as the server's worker waits for a row.
/// </para>
/// <para>
/// A step whose activity could not reach storage (<see cref="StorageUnavailableException"/>) is tried again without
/// using one of its attempts, for as long as <see cref="StepRetryPolicy.StorageWait"/> allows; an orchestration whose
/// retry policy carries no such wait (started before it existed) keeps Durable's retry policy, as it began.
/// </para>
/// <para>
/// With <paramref name="wake"/>, a deferred start waits for <see cref="SlotFreedEvent"/> or its timer, whichever comes
/// first; a fused activity's result naming a deferred job of its tenant sends that job's orchestration the event
/// (<see cref="DeferredJobs"/>).
/// </para>
/// </remarks>
internal sealed class DurableWorkflowContext(TaskOrchestrationContext context, bool fused = false, TimeSpan? rowWait = null, bool wake = false) : IJobWorkflowContext
{
    /// <summary>The event that wakes a deferred orchestration: a job of its tenant has ended and freed a slot.</summary>
    public const string SlotFreedEvent = "SlotFreed";

    private static readonly TimeSpan LongestWakeFallback = TimeSpan.FromSeconds(5);

    /// <summary>The fused activity's process step, taken by the workflow's next process step.</summary>
    private StartAndProcessResult? _processed;

    /// <summary>
    /// The start step's attempts at least in an orchestration whose input carries no row wait (started before it did):
    /// what it began with, so that it replays the same.
    /// </summary>
    private const int StartAttemptsWithoutRowWait = 7;

    /// <summary>The shortest retry interval given to Durable.</summary>
    private static readonly TimeSpan ShortestRetryInterval = TimeSpan.FromSeconds(1);

    public async Task<TResult> CallStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry)
    {
        if (fused && stepName == JobStepNames.Start && await StartAndProcessAsync((JobRef)input) is { } start)
        {
            return (TResult)(object)start;
        }

        if (stepName == JobStepNames.Process && _processed is { } processed)
        {
            _processed = null;
            if (processed.Outcome is { } outcome)
            {
                return (TResult)(object)outcome;
            }

            if (processed.StorageUnavailable && retry.RetriesThroughOutage(true, 1, TimeSpan.Zero))
            {
                // The fused attempt could not reach storage: it used none of the process step's attempts.
                DateTime began = context.CurrentUtcDateTime;
                await context.CreateTimer(retry.StorageRetryDelay(1), CancellationToken.None);
                return await CallActivityStepAsync<TResult>(stepName, input, retry, new OutageTries(1, began));
            }

            // The fused attempt failed: the rest of the process step's attempts, after its first retry interval.
            if (retry.MaxAttempts <= 1)
            {
                throw new JobStepFailedException(stepName, processed.ProcessError ?? "The process step failed.");
            }

            RetryPolicy policy = ToRetryPolicy(stepName, retry);
            await context.CreateTimer(policy.FirstRetryInterval, CancellationToken.None);
            retry = new StepRetryPolicy(
                retry.MaxAttempts - 1,
                TimeSpan.FromTicks((long)(policy.FirstRetryInterval.Ticks * policy.BackoffCoefficient)),
                retry.BackoffCoefficient);
        }

        return await CallActivityStepAsync<TResult>(stepName, input, retry);
    }

    /// <summary>The start step through the fused activity; null when the start step is to run as its own activity.</summary>
    private async Task<StartStepResult?> StartAndProcessAsync(JobRef job)
    {
        StartAndProcessResult result;
        try
        {
            result = await context.CallActivityAsync<StartAndProcessResult>(JobStepActivities.StartAndProcess, job);
        }
        catch (TaskFailedException)
        {
            // Neither step got an answer (storage in trouble, the worker stopping): the steps' own activities retry.
            return null;
        }

        if (result.Start is { Proceed: true })
        {
            _processed = result;
        }

        if (result.Wake is { } deferred)
        {
            // Sent with this episode's checkpoint; an orchestration that no longer waits keeps it for its next deferral
            // (one early look at the cap) or, ended, drops it.
            context.SendEvent(deferred, SlotFreedEvent, context.InstanceId);
        }

        return result.Start;
    }

    private async Task<TResult> CallActivityStepAsync<TResult>(string stepName, object input, StepRetryPolicy retry, OutageTries? outage = null)
    {
        if (retry.StorageWait is not null)
        {
            return await CallActivityThroughOutagesAsync<TResult>(stepName, input, retry, outage ?? new OutageTries(0, context.CurrentUtcDateTime));
        }

        // An orchestration started before storage outages were told apart: Durable's retry policy, as it began.
        try
        {
            return await context.CallActivityAsync<TResult>(stepName, input, TaskOptions.FromRetryPolicy(ToRetryPolicy(stepName, retry)));
        }
        catch (TaskFailedException e)
        {
            throw new JobStepFailedException(stepName, e.FailureDetails.ErrorMessage, e);
        }
    }

    /// <summary>
    /// The step's activity with the step's retries as Durable's retry policy would run them (the same attempts and
    /// intervals, <see cref="ToRetryPolicy"/>), except that a try that could not reach storage (the activity threw
    /// <see cref="StorageUnavailableException"/>) uses none of the attempts: it is tried again after a capped backoff
    /// while <see cref="StepRetryPolicy.StorageWait"/> allows, counted from the step's first try.
    /// </summary>
    private async Task<TResult> CallActivityThroughOutagesAsync<TResult>(string stepName, object input, StepRetryPolicy retry, OutageTries outage)
    {
        RetryPolicy policy = ToRetryPolicy(stepName, retry);
        int tries = outage.Tries;
        for (int attempt = 1; ;)
        {
            try
            {
                return await context.CallActivityAsync<TResult>(stepName, input);
            }
            catch (TaskFailedException e)
            {
                if (retry.RetriesThroughOutage(IsStorageFailure(e.FailureDetails), tries + 1, context.CurrentUtcDateTime - outage.Began))
                {
                    tries++;
                    await context.CreateTimer(retry.StorageRetryDelay(tries), CancellationToken.None);
                    continue;
                }

                if (attempt >= policy.MaxNumberOfAttempts)
                {
                    throw new JobStepFailedException(stepName, e.FailureDetails.ErrorMessage, e);
                }

                await context.CreateTimer(RetryDelay(policy, attempt), CancellationToken.None);
                attempt++;
            }
        }
    }

    /// <summary>Durable's wait after attempt <paramref name="attempt"/> of <paramref name="policy"/> failed: the first interval, growing, at most the longest.</summary>
    private static TimeSpan RetryDelay(RetryPolicy policy, int attempt)
    {
        double ticks = policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return ticks >= policy.MaxRetryInterval.Ticks ? policy.MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether an activity failed because storage could not be reached (the activity says so by the type it threw).</summary>
    internal static bool IsStorageFailure(TaskFailureDetails? failure)
    {
        for (int depth = 0; failure is not null && depth < 8; depth++, failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(StorageUnavailableException).FullName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A step's tries through a storage outage so far, and when its first try was scheduled.</summary>
    private readonly record struct OutageTries(int Tries, DateTime Began);

    /// <summary>The job's tenant runs its cap of jobs: a durable timer, holding no worker, then the start again.</summary>
    public async Task<bool> DeferAsync(TimeSpan delay)
    {
        if (!wake)
        {
            await context.CreateTimer(delay, CancellationToken.None);
            return true;
        }

        // Whichever comes first: a job of the tenant ending (SlotFreedEvent) or the timer, the fallback. Every job that
        // ends through the fused activity on this instance wakes one listed job, so the fallback can wait longer: a timer
        // cancelled by the event still fires, and one that fires after its orchestration has ended costs no episode.
        using var waiting = new CancellationTokenSource();
        Task timer = context.CreateTimer(WakeFallback(delay), waiting.Token);
        Task<string?> woken = context.WaitForExternalEvent<string?>(SlotFreedEvent, waiting.Token);
        await Task.WhenAny(timer, woken);
        waiting.Cancel();
        return true;
    }

    /// <summary>The fallback timer of a deferral that also waits for a wake-up: eight times the delay, at most 5 s (2 s, 4 s, 5 s, …).</summary>
    internal static TimeSpan WakeFallback(TimeSpan delay) =>
        delay >= LongestWakeFallback ? delay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 8, LongestWakeFallback.Ticks));

    private RetryPolicy ToRetryPolicy(string stepName, StepRetryPolicy retry)
    {
        // Durable rejects a zero first interval and a coefficient below 1; a durable timer shorter than a second buys nothing.
        TimeSpan first = retry.FirstRetryInterval < ShortestRetryInterval ? ShortestRetryInterval : retry.FirstRetryInterval;
        double coefficient = Math.Max(1.0, retry.BackoffCoefficient);
        int attempts = stepName != JobStepNames.Start ? retry.MaxAttempts
            : Math.Max(retry.MaxAttempts, rowWait is { } wait ? AttemptsCovering(wait, first, coefficient) : StartAttemptsWithoutRowWait);
        return new RetryPolicy(attempts, first, coefficient);
    }

    /// <summary>The fewest attempts whose retry intervals (<paramref name="first"/>, growing by <paramref name="coefficient"/>) add up to <paramref name="wait"/>.</summary>
    internal static int AttemptsCovering(TimeSpan wait, TimeSpan first, double coefficient)
    {
        int attempts = 1;
        TimeSpan waited = TimeSpan.Zero;
        for (TimeSpan interval = first; waited < wait; interval *= coefficient)
        {
            waited += interval;
            attempts++;
        }

        return attempts;
    }
}
