using System.Text.Json.Serialization;
using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace FunctionsApp.Engine;

/// <summary>
/// The input of <see cref="JobOrchestrator"/>: the job and the retry policy of its steps. The policy travels in the
/// input because an orchestrator may not read configuration (no I/O); it is fixed when the job starts.
/// </summary>
/// <param name="Job">The job.</param>
/// <param name="Retry">How each step is retried (from <c>JobPipeline:MaxAttempts</c> and <c>JobPipeline:FirstRetryInterval</c>).</param>
/// <param name="TraceParent">
/// The submit's W3C trace context: the orchestration belongs to the submit's trace (the activities' spans take their
/// parent from the job's row, which carries the same value).
/// </param>
/// <param name="Fused">
/// Whether the start and process steps run as one activity (<see cref="DurableEngineOptions.FuseStartAndProcess"/> when
/// the job started; absent, false, in orchestrations started before that existed, which replay as they began).
/// </param>
/// <param name="RowWait">
/// How long the job's row may take to appear (<see cref="JobPipeline.JobPipelineOptions.JobRowWait"/> when the job
/// started), from which the start step's attempts are derived; absent, null, in orchestrations started before it
/// travelled here, which replay with the seven attempts they began with.
/// </param>
/// <param name="Wake">
/// Whether a deferred start waits for a wake-up (<see cref="DurableWorkflowContext.SlotFreedEvent"/>) as well as for its
/// durable timer (<see cref="DurableEngineOptions.WakeDeferred"/> when the job started; absent, false, in orchestrations
/// started before that existed, which replay as they began).
/// </param>
public sealed record JobOrchestration(
    [property: JsonPropertyName("job")] JobRef Job,
    [property: JsonPropertyName("retry")] StepRetryPolicy Retry,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null,
    [property: JsonPropertyName("fused")] bool Fused = false,
    [property: JsonPropertyName("row_wait"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? RowWait = null,
    [property: JsonPropertyName("wake"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Wake = false);
