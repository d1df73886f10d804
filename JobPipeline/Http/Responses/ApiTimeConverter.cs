using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Http.Responses;

/// <summary>Times as the API writes them: UTC with milliseconds, <c>2026-11-23T06:00:00.000Z</c> (<see cref="ApiJson.Time"/>).</summary>
internal sealed class ApiTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ApiJson.Time(value));
}
