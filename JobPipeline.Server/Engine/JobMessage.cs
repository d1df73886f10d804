using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Server.Engine;

/// <summary>
/// The body of a job's queue message: the job (sent as a <see cref="JobRef"/>), and how often its start was deferred
/// because its tenant ran its cap of jobs. Those deliveries are not counted against <see cref="QueueEngineOptions.MaxDeliveries"/>.
/// </summary>
internal sealed record JobMessage(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("deferrals")] int Deferrals = 0)
{
    public JobRef Job => new(Tenant, JobId);
}
