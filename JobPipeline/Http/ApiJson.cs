using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>How the API writes JSON: snake_case names, UTC times with milliseconds.</summary>
public static class ApiJson
{
    /// <summary>The writer settings of every response.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The settings for records written with the serializer.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

    /// <summary>A response whose JSON body is written by <paramref name="write"/>.</summary>
    public static IResult Result(int status, Action<Utf8JsonWriter> write, Action<HttpResponse>? headers = null) =>
        new JsonWriterResult(status, write, headers);

    private sealed class JsonWriterResult(int status, Action<Utf8JsonWriter> write, Action<HttpResponse>? headers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(writer);
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
