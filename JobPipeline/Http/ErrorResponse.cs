using System.Globalization;
using JobPipeline.Http.Responses;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>The error envelope of every error response: <c>{"error": {code, message, details, request_id}}</c>.</summary>
public static class ErrorResponse
{
    /// <summary>
    /// The one writer of error responses: the envelope with <paramref name="status"/>, and a <c>Retry-After</c> (whole
    /// seconds, at least 1) when given.
    /// </summary>
    public static IResult Create(int status, JobError error, string requestId, TimeSpan? retryAfter = null) =>
        ApiJson.Result(
            status,
            new ErrorEnvelope(new ErrorEnvelope.Body(error.Code, error.Message, error.Details ?? [], requestId)),
            ApiJsonContext.Default.ErrorEnvelope,
            response =>
            {
                if (retryAfter is { } wait)
                {
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
            });

    /// <summary>
    /// For a host's own empty 4xx answers (unknown route, wrong method): the same envelope, so that no route of the
    /// API ever answers without it.
    /// </summary>
    public static async Task WriteForStatusAsync(HttpContext context)
    {
        int status = context.Response.StatusCode;
        ApiEndpoint.SetSafetyHeaders(context.Response);
        (string code, string message) = status switch
        {
            404 => ("NOT_FOUND", "No such route."),
            405 => ("METHOD_NOT_ALLOWED", "This method is not allowed on this route."),
            413 => (ErrorCodes.PayloadTooLarge, "The body is larger than the configured maximum."),
            415 => (ErrorCodes.UnsupportedMediaType, "Unsupported content type."),
            >= 500 => (ErrorCodes.InternalError, "Something went wrong on our side."),
            _ => (ErrorCodes.BadRequest, "The request is not valid."),
        };
        await Create(status, new JobError(code, message), ApiEndpoint.RequestId(context)).ExecuteAsync(context);
    }
}
