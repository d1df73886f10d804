using System.Text.Json.Serialization;

namespace JobPipeline.Jobs;

/// <summary>Names one job: the tenant that owns it and its id. The payload of the engine and of every step.</summary>
public sealed record JobRef(
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("job_id")] string JobId);
