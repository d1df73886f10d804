using System.Net.Http.Headers;
using JobPipeline.Tests.Http;

namespace JobPipeline.Tests.Support;

/// <summary>
/// Checks every response a test client receives against openapi.json: a response to a documented operation must have
/// a documented status, and a JSON body must match the schema documented for that status. A mismatch fails the test
/// with the method, path, status and what does not match (the document cannot drift from the responses of either host,
/// since FunctionsApp's contract tests use the same <see cref="PipelineFactory"/> client).
/// </summary>
public sealed class OpenApiConformance : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
        bool json = contentType?.MediaType is "application/json" || (contentType?.MediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);
        string? body = null;
        if (json)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        string? mismatch = await ApiSchemas.Embedded.CheckResponseAsync(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, json, body);
        if (mismatch is not null)
        {
            throw new Xunit.Sdk.XunitException($"openapi.json: {request.Method} {request.RequestUri.PathAndQuery} answered {(int)response.StatusCode}: {mismatch}\n{body}");
        }

        return response;
    }
}
