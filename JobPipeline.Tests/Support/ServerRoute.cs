using System.Collections.Concurrent;

namespace JobPipeline.Tests.Support;

/// <summary>
/// The HTTP stack of a client under test: requests to the in-memory server go to its handler, every other host (the
/// real Azurite behind SAS URLs) over the network. Records every request, with whether it carried an API key, and
/// can refuse the first requests that match <see cref="Refuse"/> (fault injection in front of the real server).
/// </summary>
internal sealed class ServerRoute(PipelineFactory server) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly HttpMessageInvoker _server = new(server.Server.CreateHandler());

    public ConcurrentQueue<(HttpMethod Method, Uri Url, bool WithKey)> Requests { get; } = new();

    /// <summary>When set, matching requests are answered 503 with <c>Retry-After: 0</c> until <see cref="RefusalsLeft"/> is used up.</summary>
    public Func<HttpRequestMessage, bool>? Refuse { get; set; }

    public int RefusalsLeft { get; set; }

    /// <summary>When set, the query parameter <c>wait</c> is dropped on the way to the server (a server without long-poll).</summary>
    public bool DropWait { get; set; }

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://localhost/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool withKey = request.Headers.Authorization is not null || request.Headers.Contains("x-api-key");
        Requests.Enqueue((request.Method, request.RequestUri!, withKey));
        if (Refuse?.Invoke(request) == true && RefusalsLeft > 0)
        {
            RefusalsLeft--;
            var refused = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return refused;
        }

        if (request.RequestUri!.Host != "localhost")
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (DropWait && request.RequestUri.Query.Contains("wait=", StringComparison.Ordinal))
        {
            request.RequestUri = new UriBuilder(request.RequestUri) { Query = "" }.Uri;
        }

        return await _server.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _server.Dispose();
        }

        base.Dispose(disposing);
    }
}
