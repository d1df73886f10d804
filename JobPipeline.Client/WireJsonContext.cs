using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>The request and response shapes only the client itself reads and writes (snake_case, source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(SubmitEnvelope))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
