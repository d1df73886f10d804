using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>The API's JSON (snake_case), source-generated: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(SubmitEnvelope))]
[JsonSerializable(typeof(ResultPointer))]
[JsonSerializable(typeof(JobWebhookEvent))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
