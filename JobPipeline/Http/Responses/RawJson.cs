using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Http.Responses;

/// <summary>
/// JSON the API passes through as stored (a job's metadata, summary, inline result and input): written as it is,
/// never re-encoded, so a client reads back exactly what it sent or the processor wrote.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed class RawJson(ReadOnlyMemory<byte> utf8)
{
    /// <summary>The literal <c>null</c>: a property that is there, without a value.</summary>
    public static RawJson Null { get; } = new("null"u8.ToArray());

    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    public static RawJson Of(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    internal sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return Of(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
