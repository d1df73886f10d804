using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>What the start step decided.</summary>
/// <param name="Proceed">Whether to run the processor (false: the job is already terminal, or just timed out).</param>
/// <param name="Status">The job's status after the step.</param>
/// <param name="Deferred">
/// The job's tenant already runs <see cref="JobPipelineOptions.MaxRunningJobsPerTenant"/> jobs here: the job stays
/// queued, untouched, and the start is to be tried again later (<see cref="JobWorkflow"/>).
/// </param>
public sealed record StartStepResult(
    [property: JsonPropertyName("proceed")] bool Proceed,
    [property: JsonPropertyName("status")] JobStatus Status,
    [property: JsonPropertyName("deferred")] bool Deferred = false)
{
    /// <summary>The answer for a job whose tenant is at its cap of running jobs.</summary>
    public static StartStepResult Defer { get; } = new(false, JobStatus.Queued, Deferred: true);
}
