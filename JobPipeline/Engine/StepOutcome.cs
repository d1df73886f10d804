using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>How a step left the job.</summary>
/// <param name="Status">The job's status after the step.</param>
public sealed record StepOutcome([property: JsonPropertyName("status")] JobStatus Status);
