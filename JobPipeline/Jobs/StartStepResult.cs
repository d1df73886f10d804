using System.Text.Json.Serialization;

namespace JobPipeline.Jobs;

/// <summary>What the start step decided.</summary>
/// <param name="Proceed">Whether to run the processor (false: the job is already terminal, or just timed out).</param>
/// <param name="Status">The job's status after the step.</param>
public sealed record StartStepResult(
    [property: JsonPropertyName("proceed")] bool Proceed,
    [property: JsonPropertyName("status")] JobStatus Status);
