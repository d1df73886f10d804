using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobPipeline.Http.Responses;

/// <summary>
/// The result of a job whose input was a document: the processor's figures (an inline JSON object, or the pointer to
/// them when they are large) with <c>document</c>, the pointer to the output document, added after them.
/// </summary>
/// <param name="Figures">The processor's inline figures (a JSON object; any <c>document</c> member of theirs is left out), or null.</param>
/// <param name="FiguresPointer">The pointer to figures too large for the row, whose properties come first instead.</param>
/// <param name="Document">The output document.</param>
[JsonConverter(typeof(DocumentResultConverter))]
internal sealed record DocumentResult(RawJson? Figures, BlobPointer? FiguresPointer, BlobPointer Document)
{
    internal sealed class DocumentResultConverter : JsonConverter<DocumentResult>
    {
        public override DocumentResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A document result is only written.");

        public override void Write(Utf8JsonWriter writer, DocumentResult value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            if (value.FiguresPointer is { } pointer)
            {
                WriteMembers(writer, JsonSerializer.SerializeToElement(pointer, ApiJsonContext.Default.BlobPointer));
            }
            else if (value.Figures is { } figures)
            {
                using var parsed = JsonDocument.Parse(figures.Utf8);
                WriteMembers(writer, parsed.RootElement);
            }

            writer.WritePropertyName("document");
            JsonSerializer.Serialize(writer, value.Document, ApiJsonContext.Default.BlobPointer);
            writer.WriteEndObject();
        }

        private static void WriteMembers(Utf8JsonWriter writer, JsonElement figures)
        {
            if (figures.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (JsonProperty property in figures.EnumerateObject())
            {
                if (property.Name != "document")
                {
                    property.WriteTo(writer);
                }
            }
        }
    }
}
