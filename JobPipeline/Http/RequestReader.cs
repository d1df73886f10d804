using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace JobPipeline.Http;

/// <summary>Reads request bodies and query strings, turning every malformation into the right 4xx.</summary>
internal static class RequestReader
{
    /// <summary>The media type of the request, lowercase without parameters; null when absent or unparsable.</summary>
    public static string? MediaType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : null;

    /// <summary>Whether the media type is JSON (<c>application/json</c> or <c>*/*+json</c>).</summary>
    public static bool IsJson(string? mediaType) =>
        mediaType is "application/json" || (mediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);

    /// <summary>Refuses a declared body length over <paramref name="maxBytes"/> before reading anything.</summary>
    public static void CheckDeclaredLength(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
    }

    /// <summary>Reads a JSON body of at most <paramref name="maxBytes"/>: 415 if it is not declared JSON, 400 <c>INVALID_JSON</c> with line and column if it does not parse.</summary>
    public static async Task<(byte[] Bytes, JsonElement Root)> ReadJsonAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        string? mediaType = MediaType(request);
        if (!IsJson(mediaType))
        {
            throw new ApiException(415, JobError.UnsupportedMediaType(mediaType, ["application/json"]));
        }

        CheckDeclaredLength(request, maxBytes);
        byte[] bytes = await ReadAllAsync(request.Body, maxBytes, cancellationToken);
        return (bytes, ParseJson(bytes));
    }

    /// <summary>Parses JSON, mapping a syntax error to 400 <c>INVALID_JSON</c> with 1-based line and column.</summary>
    public static JsonElement ParseJson(byte[] bytes)
    {
        try
        {
            // Strings first: the duplicate-property check of the parse decodes property names and would throw an
            // InvalidOperationException (not a JsonException) on an unpaired surrogate in one.
            CheckStrings(bytes);
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ApiException(400, new JobError(
                ErrorCodes.InvalidJson,
                "The body is not valid JSON.",
                new JsonObject { ["line"] = (e.LineNumber ?? 0) + 1, ["column"] = (e.BytePositionInLine ?? 0) + 1 }));
        }
    }

    /// <summary>
    /// The parser leaves the text of strings unchecked: invalid UTF-8 and lone surrogate escapes (<c>"\ud800"</c>) would
    /// otherwise pass the door and blow up whoever reads the string later. Refused here as <c>INVALID_JSON</c>.
    /// </summary>
    private static void CheckStrings(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                continue;
            }

            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                ReadOnlySpan<byte> before = bytes.AsSpan(0, (int)reader.TokenStartIndex);
                int line = before.Count((byte)'\n') + 1;
                int column = before.Length - before.LastIndexOf((byte)'\n');
                throw new ApiException(400, new JobError(
                    ErrorCodes.InvalidJson,
                    "The body is not valid JSON: a string holds invalid UTF-8 or an unpaired surrogate.",
                    new JsonObject { ["line"] = line, ["column"] = column }));
            }
        }
    }

    /// <summary>Reads a whole body, refusing more than <paramref name="maxBytes"/> (413).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The query string as options: each name once; values that read as JSON literals (<c>2</c>, <c>true</c>,
    /// <c>["a"]</c>) become those, anything else a string.
    /// </summary>
    public static JsonObject QueryOptions(HttpRequest request)
    {
        var options = new JsonObject();
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in request.Query)
        {
            if (values.Count != 1)
            {
                throw ApiException.Invalid(name, $"Option '{name}' is given more than once.");
            }

            options[name] = OptionValue(name, values[0] ?? "");
        }

        return options;
    }

    private static JsonNode? OptionValue(string name, string text)
    {
        if (text is "true" or "false" or "null" || text.StartsWith('[') || text.StartsWith('{') || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            try
            {
                return StringsDecode(text)
                    ? JsonNode.Parse(text)
                    : throw ApiException.Invalid(name, $"Option '{name}' holds a string with an unpaired surrogate escape (\\uD800-\\uDFFF).");
            }
            catch (JsonException)
            {
                // Not JSON after all: keep it as text.
            }
        }

        return JsonValue.Create(text);
    }

    /// <summary>Whether every string of a JSON text decodes (the parser leaves escapes such as <c>\udc00</c> unchecked).</summary>
    private static bool StringsDecode(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }

    private static ApiException TooLarge(long maxBytes) => new(413, new JobError(
        ErrorCodes.PayloadTooLarge,
        $"The body is larger than the maximum of {maxBytes} bytes.",
        new JsonObject { ["max_bytes"] = maxBytes }));
}
