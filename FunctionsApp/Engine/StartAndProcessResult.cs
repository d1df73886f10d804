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
public sealed record StartAndProcessResult(
    [property: JsonPropertyName("start")] StartStepResult? Start,
    [property: JsonPropertyName("outcome")] StepOutcome? Outcome,
    [property: JsonPropertyName("process_error")] string? ProcessError);
