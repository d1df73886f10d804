using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Http.Responses;

/// <summary>The webhook of a job and how its delivery went (the <c>JobCallback</c> schema).</summary>
internal sealed record JobCallbackBody(
    [property: JsonPropertyOrder(0)] string Url,
    [property: JsonIgnore] CallbackState DeliveryState,
    [property: JsonPropertyOrder(2)] int Attempts,
    [property: JsonPropertyOrder(3)] int? LastStatus)
{
    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    [JsonPropertyOrder(1)]
    public string State => DeliveryState switch { CallbackState.Delivered => "delivered", CallbackState.Failed => "failed", _ => "pending" };
}
