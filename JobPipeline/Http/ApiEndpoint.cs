using System.Net.Http;
using Azure;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JobPipeline.Http;

/// <summary>
/// What every route does around its handler, the same in every host: the response headers every answer carries
/// (<c>X-Content-Type-Options: nosniff</c>; <c>Cache-Control: no-store</c> behind a key), a request id, 503 until
/// storage is initialised, the API key (one credential, failed attempts throttled per client address), the tenant's
/// rate limit, and the error envelope for whatever goes wrong (a request the server could not read → 400/408;
/// storage out of reach → 503 with <c>Retry-After</c>; anything unexpected → 500 without internals).
/// </summary>
public static partial class ApiEndpoint
{
    private const string RequestIdItem = "JobPipeline.RequestId";

    /// <summary>Runs an authenticated route's handler.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, Func<ApiCall, Task<IResult>> handler)
    {
        SetSafetyHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        string requestId = RequestId(context);
        if (NotReady(context, requestId) is { } starting)
        {
            return starting;
        }

        FailedAuthenticationThrottle throttle = context.RequestServices.GetRequiredService<FailedAuthenticationThrottle>();
        if (throttle.Blocked(context) is { } lockout)
        {
            return ErrorResponse.Create(429, new JobError(ErrorCodes.RateLimited, "Too many failed authentications from this address; slow down."), requestId, lockout);
        }

        string? tenant = context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().Authenticate(context.Request);
        if (tenant is null)
        {
            throttle.RecordFailure(context);
            return ErrorResponse.Create(401, new JobError(ErrorCodes.Unauthorized, "Exactly one valid API key is required (x-api-key or Authorization: Bearer, not both)."), requestId);
        }

        if (context.RequestServices.GetRequiredService<TenantRateLimiter>().TryAcquire(tenant) is { } wait)
        {
            return ErrorResponse.Create(429, new JobError(ErrorCodes.RateLimited, "Too many requests for this tenant; slow down."), requestId, wait);
        }

        // Every log line of the request names its tenant and request id (the job id is added where a job is known).
        using IDisposable? scope = Telemetry.JobLog.BeginJobScope(Logger(context), tenant, requestId: requestId);
        System.Diagnostics.Activity.Current?.SetTag("jobpipeline.tenant", tenant);
        return await GuardAsync(context, requestId, () =>
        {
            QueryText.Check(context.Request);
            return handler(new ApiCall(context, tenant, requestId));
        });
    }

    /// <summary>Runs an anonymous route's handler (health) with the same headers, readiness gate and error handling.</summary>
    public static Task<IResult> RunAnonymousAsync(HttpContext context, Func<Task<IResult>> handler)
    {
        SetSafetyHeaders(context.Response);
        string requestId = RequestId(context);
        return NotReady(context, requestId) is { } starting ? Task.FromResult(starting) : GuardAsync(context, requestId, handler);
    }

    /// <summary>The headers every response of the API carries, errors and unknown routes included.</summary>
    public static void SetSafetyHeaders(HttpResponse response) => response.Headers.XContentTypeOptions = "nosniff";

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
        catch (ApiException e)
        {
            return ErrorResponse.Create(e.Status, e.Error, requestId, e.RetryAfter);
        }
        catch (JobException e)
        {
            ApiException answer = ApiErrors.From(e);
            return ErrorResponse.Create(answer.Status, answer.Error, requestId, answer.RetryAfter);
        }
        catch (Exception e) when (ClientFault(e) is { } bad)
        {
            // Kestrel's verdict on the request itself (it is an IOException, but the client's, not storage's).
            return bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ErrorResponse.Create(413, new JobError(ErrorCodes.PayloadTooLarge, "The body is larger than the configured maximum."), requestId),
                StatusCodes.Status408RequestTimeout => ErrorResponse.Create(408, new JobError(ErrorCodes.RequestTimeout, "The body arrived too slowly; send it at a steady rate."), requestId),
                _ => ErrorResponse.Create(400, new JobError(ErrorCodes.BadRequest, "The request could not be read (malformed HTTP framing, such as a bad chunk)."), requestId),
            };
        }
        catch (Exception e) when (IsStorageUnavailable(e) && !context.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(Logger(context), Describe(e), requestId);
            return ErrorResponse.Create(503, new JobError(ErrorCodes.StorageUnavailable, "Storage is not reachable right now; try again shortly.", Retryable: true), requestId, TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(Logger(context), e, requestId);
            return ErrorResponse.Create(500, new JobError(ErrorCodes.InternalError, "Something went wrong on our side."), requestId);
        }
    }

    /// <summary>
    /// Whether an exception means storage could not be reached (as opposed to a bug, or the client's own request
    /// failing to arrive). Storage not initialised (its table, container or queue missing) counts as unreachable.
    /// </summary>
    public static bool IsStorageUnavailable(Exception e) => e switch
    {
        _ when ClientFault(e) is not null => false,
        RequestFailedException r => r.Status is 0 or 408 or 500 or 502 or 503 or 504 || r.ErrorCode is "TableNotFound" or "ContainerNotFound" or "QueueNotFound",
        AggregateException a => a.InnerExceptions.All(IsStorageUnavailable),
        HttpRequestException or TimeoutException or System.Net.Sockets.SocketException => true,
        // The SDK's network timeout throws a cancellation with its own timeout token, with or without an inner
        // exception. Callers tell a client's own cancellation apart by the request's token (RequestAborted), so any
        // cancellation that reaches here while the request is alive is storage that did not answer in time.
        OperationCanceledException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>The server's verdict on the request (bad framing, too slow, too large) behind an exception, if that is what it is.</summary>
    private static BadHttpRequestException? ClientFault(Exception? e)
    {
        for (int depth = 0; e is not null && depth < 8; depth++)
        {
            switch (e)
            {
                case BadHttpRequestException bad:
                    return bad;
                case AggregateException aggregate:
                    // The storage SDK's retries wrap each attempt's failure; the request's own fault shows in any of them.
                    return aggregate.InnerExceptions.Select(ClientFault).FirstOrDefault(f => f is not null);
            }

            e = e.InnerException;
        }

        return null;
    }

    /// <summary>503 with <c>Retry-After</c> until storage is initialised (tables and container created), else null.</summary>
    private static IResult? NotReady(HttpContext context, string requestId) =>
        context.RequestServices.GetRequiredService<StorageInitializer>().IsReady
            ? null
            : ErrorResponse.Create(
                503,
                new JobError(ErrorCodes.StorageUnavailable, "The service is starting: its storage is not initialised yet; try again shortly.", new System.Text.Json.Nodes.JsonObject { ["status"] = "starting" }, Retryable: true),
                requestId,
                TimeSpan.FromSeconds(2));

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("JobPipeline.Http");

    /// <summary>
    /// What storage answered, in one line: each distinct exception type and message (an aggregate's inner ones, not the
    /// aggregate's own), so an operator can tell a timeout from a refused connection or a 5xx without a stack trace.
    /// </summary>
    private static string Describe(Exception e)
    {
        IEnumerable<Exception> leaves = e is AggregateException a ? a.Flatten().InnerExceptions : [e];
        string described = string.Join("; ", leaves
            .Select(x => x is RequestFailedException r ? $"{x.GetType().Name} {r.Status} {r.ErrorCode}" : $"{x.GetType().Name}: {x.Message}")
            .Distinct()
            .Take(MaxCausesLogged));
        return described.Length <= MaxCauseLength ? described : described[..MaxCauseLength];
    }

    private const int MaxCausesLogged = 4;
    private const int MaxCauseLength = 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable ({Cause}) for request {RequestId}")]
    private static partial void LogStorageUnavailable(ILogger logger, string cause, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error for request {RequestId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
