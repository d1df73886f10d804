using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>The input of the fail step.</summary>
/// <param name="Job">The job.</param>
/// <param name="Error">The error to end it with; the step adds the attempt count to its details.</param>
public sealed record FailStepInput(
    [property: JsonPropertyName("job")] JobRef Job,
    [property: JsonPropertyName("error")] JobError Error);
