using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>The body of <c>POST /api/jobs</c>.</summary>
internal sealed record SubmitEnvelope(
    string Type,
    JsonNode Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? CallbackUrl);
