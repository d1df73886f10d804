using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>
/// The API's JSON (snake_case) for the client's public models, source-generated (no reflection, trimming-safe): use it
/// to store or print a <see cref="Job"/> the way the API writes it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcTimestampConverter)], DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(ResultPointer))]
[JsonSerializable(typeof(JobWebhookEvent))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
public sealed partial class JobPipelineJsonContext : JsonSerializerContext;
