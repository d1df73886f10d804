using System.Net.Http;
using Azure;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobPipeline.Http;

/// <summary>
/// What every route does around its handler, the same in every host: a request id, the API key, the tenant's rate
/// limit, and the error envelope for whatever goes wrong (storage out of reach → 503 with <c>Retry-After</c>;
/// anything unexpected → 500 without internals).
/// </summary>
public static partial class ApiEndpoint
{
    private const string RequestIdItem = "JobPipeline.RequestId";

    /// <summary>Runs an authenticated route's handler.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, Func<ApiCall, Task<IResult>> handler)
    {
        string requestId = RequestId(context);
        string? tenant = context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().Authenticate(context.Request);
        if (tenant is null)
        {
            return ErrorResponse.Create(401, new JobError(ErrorCodes.Unauthorized, "A valid API key is required (x-api-key or Authorization: Bearer)."), requestId);
        }

        if (context.RequestServices.GetRequiredService<TenantRateLimiter>().TryAcquire(tenant) is { } wait)
        {
            return ErrorResponse.Create(429, new JobError(ErrorCodes.RateLimited, "Too many requests for this tenant; slow down."), requestId, wait);
        }

        return await GuardAsync(context, requestId, () => handler(new ApiCall(context, tenant, requestId)));
    }

    /// <summary>Runs an anonymous route's handler (health, OpenAPI) with the same error handling.</summary>
    public static Task<IResult> RunAnonymousAsync(HttpContext context, Func<Task<IResult>> handler) =>
        GuardAsync(context, RequestId(context), handler);

    /// <summary>The request id: the client's <c>x-request-id</c> when it is sensible, else a new one; echoed in the response.</summary>
    public static string RequestId(HttpContext context)
    {
        if (context.Items.TryGetValue(RequestIdItem, out object? existing) && existing is string id)
        {
            return id;
        }

        string? offered = context.Request.Headers["x-request-id"].FirstOrDefault();
        id = offered is { Length: > 0 and <= 64 } && offered.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? offered
            : Guid.NewGuid().ToString("N");
        context.Items[RequestIdItem] = id;
        context.Response.Headers["x-request-id"] = id;
        return id;
    }

    private static async Task<IResult> GuardAsync(HttpContext context, string requestId, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (JobRequestException e)
        {
            return ErrorResponse.Create(e.Status, e.Error, requestId, e.RetryAfter);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ErrorResponse.Create(413, new JobError(ErrorCodes.PayloadTooLarge, "The body is larger than the configured maximum."), requestId);
        }
        catch (Exception e) when (IsStorageUnavailable(e) && !context.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(Logger(context), e.GetType().Name, requestId);
            return ErrorResponse.Create(503, new JobError(ErrorCodes.StorageUnavailable, "Storage is not reachable right now; try again shortly.", Retryable: true), requestId, TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(Logger(context), e, requestId);
            return ErrorResponse.Create(500, new JobError(ErrorCodes.InternalError, "Something went wrong on our side."), requestId);
        }
    }

    /// <summary>Whether an exception means storage could not be reached (as opposed to a bug).</summary>
    public static bool IsStorageUnavailable(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 500 or 502 or 503 or 504,
        AggregateException a => a.InnerExceptions.All(IsStorageUnavailable),
        HttpRequestException or TimeoutException or System.Net.Sockets.SocketException => true,
        // The SDK's network timeout throws a cancellation with its own timeout token, with or without an inner
        // exception. Callers tell a client's own cancellation apart by the request's token (RequestAborted), so any
        // cancellation that reaches here while the request is alive is storage that did not answer in time.
        OperationCanceledException => true,
        IOException => true,
        _ => false,
    };

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("JobPipeline.Http");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable ({ExceptionType}) for request {RequestId}")]
    private static partial void LogStorageUnavailable(ILogger logger, string exceptionType, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error for request {RequestId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
