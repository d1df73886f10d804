using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Client;

/// <summary>Times as the API writes them: ISO 8601 UTC with milliseconds (<c>2026-11-23T06:00:00.000Z</c>).</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
