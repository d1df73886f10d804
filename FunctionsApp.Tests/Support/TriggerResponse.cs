using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FunctionsApp.Tests.Support;

/// <summary>What an HTTP trigger's <c>IResult</c> wrote to the response.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Headers">The response headers.</param>
/// <param name="Body">The body as text.</param>
public sealed record TriggerResponse(int StatusCode, IHeaderDictionary Headers, string Body)
{
    /// <summary>The body as a JSON object.</summary>
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
