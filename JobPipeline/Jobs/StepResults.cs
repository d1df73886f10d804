using System.Text.Json.Serialization;

namespace JobPipeline.Jobs;

/// <summary>What the start step decided.</summary>
/// <param name="Proceed">Whether to run the processor (false: the job is already terminal, or just timed out).</param>
/// <param name="Status">The job's status after the step.</param>
public sealed record StartStepResult(
    [property: JsonPropertyName("proceed")] bool Proceed,
    [property: JsonPropertyName("status")] JobStatus Status);

/// <summary>How a step left the job.</summary>
/// <param name="Status">The job's status after the step.</param>
public sealed record StepOutcome([property: JsonPropertyName("status")] JobStatus Status);

/// <summary>The input of the fail step.</summary>
/// <param name="Job">The job.</param>
/// <param name="Error">The error to end it with; the step adds the attempt count to its details.</param>
public sealed record FailStepInput(
    [property: JsonPropertyName("job")] JobRef Job,
    [property: JsonPropertyName("error")] JobError Error);
