using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// The body of a job's queue message: the job (sent as a <see cref="JobRef"/>), and how often its start was deferred
/// because its tenant ran its cap of jobs. Those deliveries are not counted against <see cref="QueueEngineOptions.MaxDeliveries"/>.
/// <c>traceparent</c> is the submit's W3C trace context, so the worker's spans join the submit's trace.
/// </summary>
internal sealed record JobMessage(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("deferrals")] int Deferrals = 0,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    [JsonIgnore]
    public JobRef Job => new(Tenant, JobId);
}
