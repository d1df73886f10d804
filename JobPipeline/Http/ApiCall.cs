using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>An authenticated API request: its context, the caller's tenant and the request id.</summary>
/// <param name="Context">The HTTP context.</param>
/// <param name="Tenant">The tenant of the API key.</param>
/// <param name="RequestId">The id echoed in <c>x-request-id</c> and in error bodies.</param>
public sealed record ApiCall(HttpContext Context, string Tenant, string RequestId)
{
    /// <summary>The request.</summary>
    public HttpRequest Request => Context.Request;

    /// <summary>Resolves a service.</summary>
    public T Get<T>()
        where T : notnull => (T)Context.RequestServices.GetService(typeof(T))!;

    /// <summary>The request's cancellation.</summary>
    public CancellationToken Aborted => Context.RequestAborted;
}
