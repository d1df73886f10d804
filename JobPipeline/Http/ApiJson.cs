using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>
/// How the API writes JSON: the typed response records of <c>Http/Responses</c> serialized by their source-generated
/// context, escaped only where JSON requires it (non-ASCII text stays as it is), UTC times with milliseconds.
/// </summary>
public static class ApiJson
{
    /// <summary>The writer settings of every response.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>2026-11-23T06:00:00.000Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a time, or null.</summary>
    public static void WriteTime(this Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            writer.WriteString(name, Time(t));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A response with <paramref name="body"/> as its JSON, and the headers <paramref name="headers"/> sets.</summary>
    internal static IResult Result<T>(int status, T body, JsonTypeInfo<T> type, Action<HttpResponse>? headers = null) =>
        new JsonBodyResult<T>(status, body, type, headers);

    /// <summary><paramref name="body"/> as the API writes it, for a payload that is not a response (a webhook's).</summary>
    internal static void Write<T>(Utf8JsonWriter writer, T body, JsonTypeInfo<T> type) => JsonSerializer.Serialize(writer, body, type);

    private sealed class JsonBodyResult<T>(int status, T body, JsonTypeInfo<T> type, Action<HttpResponse>? headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                JsonSerializer.Serialize(writer, body, type);
            }

            HttpResponse response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.WrittenCount;
            headers?.Invoke(response);
            await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
        }
    }
}
