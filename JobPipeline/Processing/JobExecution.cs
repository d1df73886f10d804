using System.Text.Json.Nodes;

namespace JobPipeline.Processing;

/// <summary>Everything a processor gets for one run of one job.</summary>
public sealed class JobExecution
{
    /// <summary>The tenant that owns the job; per-tenant state (token vault, hash keys) is scoped by it.</summary>
    public required string Tenant { get; init; }

    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>The job type.</summary>
    public required string Type { get; init; }

    /// <summary>The submitted input.</summary>
    public required JobInput Input { get; init; }

    /// <summary>The options, as validated at submit.</summary>
    public required JsonObject Options { get; init; }

    /// <summary>Where the result goes.</summary>
    public required ResultSink Result { get; init; }

    /// <summary>Reports progress 0..100; the projection is updated at a bounded rate.</summary>
    public required IProgress<int> Progress { get; init; }
}
