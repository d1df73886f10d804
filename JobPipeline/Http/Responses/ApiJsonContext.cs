using System.Text.Json.Serialization;

namespace JobPipeline.Http.Responses;

/// <summary>
/// The serializer of every JSON response body: snake_case names (camelCase only where a record names its own, as the
/// Azure operation monitor does), nulls written unless a property says it is left out, times as
/// <see cref="ApiTimeConverter"/> writes them. Escaping is the response writer's (<see cref="ApiJson.WriterOptions"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(ApiTimeConverter)])]
[JsonSerializable(typeof(JobResource))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(BatchStatusResponse))]
[JsonSerializable(typeof(BatchStatusMiss))]
[JsonSerializable(typeof(JobCountsResponse))]
[JsonSerializable(typeof(OperationStatusResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(BlobPointer))]
[JsonSerializable(typeof(DocumentResult))]
[JsonSerializable(typeof(RawJson))]
[JsonSerializable(typeof(string))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
