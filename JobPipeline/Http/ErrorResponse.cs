using System.Globalization;
using System.Text.Json;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>The error envelope of every error response: <c>{"error": {code, message, details, request_id}}</c>.</summary>
public static class ErrorResponse
{
    /// <summary>The envelope with <paramref name="status"/>, and a <c>Retry-After</c> when given.</summary>
    public static IResult Create(int status, JobError error, string requestId, TimeSpan? retryAfter = null) =>
        ApiJson.Result(
            status,
            writer => Write(writer, error, requestId),
            response =>
            {
                if (retryAfter is { } wait)
                {
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
            });

    /// <summary>Writes the envelope.</summary>
    public static void Write(Utf8JsonWriter writer, JobError error, string requestId)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error");
        writer.WriteStartObject();
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WritePropertyName("details");
        if (error.Details is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            error.Details.WriteTo(writer);
        }

        writer.WriteString("request_id", requestId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

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
