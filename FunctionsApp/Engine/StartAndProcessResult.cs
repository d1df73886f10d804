using System.Text.Json.Serialization;
using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace FunctionsApp.Engine;

/// <summary>
/// What <see cref="JobStepActivities.StartAndProcessAsync"/> did: the workflow's start step and, when the job
/// proceeded, its process step, in one activity.
/// </summary>
/// <param name="Start">The start step's result; null when the job's row did not appear in time (the orchestrator then runs the start step on its own, with its retries).</param>
/// <param name="Outcome">The process step's outcome; null when it did not run or failed.</param>
/// <param name="ProcessError">Why the process step's attempt failed (to be retried as the process step's own activity); null when it did not fail.</param>
/// <param name="Wake">
/// The job (its orchestration's instance id) of the same tenant whose start this instance deferred longest ago, to be
/// woken now that this job's slot is free (<see cref="DeferredJobs"/>); null when none waits here, or in results
/// written before wake-ups existed.
/// </param>
/// <param name="StorageUnavailable">
/// Whether the process step's attempt failed because storage could not be reached
/// (<see cref="StorageUnavailableException.IsStorageFailure"/>): it uses none of the step's attempts. False in results
/// written before that was told apart.
/// </param>
public sealed record StartAndProcessResult(
    [property: JsonPropertyName("start")] StartStepResult? Start,
    [property: JsonPropertyName("outcome")] StepOutcome? Outcome,
    [property: JsonPropertyName("process_error")] string? ProcessError,
    [property: JsonPropertyName("wake"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Wake = null,
    [property: JsonPropertyName("storage_unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool StorageUnavailable = false);
