using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>A job, as the API shows it.</summary>
public sealed record Job
{
    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>The job type (<c>redact</c>, <c>json.format</c>, …).</summary>
    public required string Type { get; init; }

    /// <summary>Where the job stands.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>Progress, 0..100.</summary>
    public int Progress { get; init; }

    /// <summary>When the job was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it started processing.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When retention expires it.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>While queued or processing: seconds the server suggests before asking again.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>The metadata given at submit.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>Small figures of the processor (<c>entity_count</c>, …); kept after expiry.</summary>
    public JsonObject? Summary { get; init; }

    /// <summary>
    /// When completed: the result, inline JSON or an <c>is_url</c> pointer (see <see cref="ResultPointer"/>);
    /// <see cref="JobPipelineClient.GetResultAsync"/> follows pointers.
    /// </summary>
    public JsonElement? Result { get; init; }

    /// <summary>When failed: why.</summary>
    public JobError? Error { get; init; }

    /// <summary>When submitted with a callback URL: the webhook's delivery state.</summary>
    public JobCallback? Callback { get; init; }

    /// <summary>The submitted input, when read with <c>include=input</c>.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>The result as a storage pointer, when it is one.</summary>
    [JsonIgnore]
    public ResultPointer? ResultPointer =>
        Result is { ValueKind: JsonValueKind.Object } result && result.TryGetProperty("is_url", out JsonElement isUrl) && isUrl.ValueKind == JsonValueKind.True
            ? result.Deserialize(JobPipelineJsonContext.Default.ResultPointer)
            : null;
}
