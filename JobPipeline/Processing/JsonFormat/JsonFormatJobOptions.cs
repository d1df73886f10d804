using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.JsonFormat;

/// <summary>The options of a <c>json.format</c> job.</summary>
/// <param name="Indent">Spaces per nesting level, 0..8; 0 writes the JSON minified on one line.</param>
/// <param name="SortKeys">Whether object members are written sorted by name (Unicode code point order).</param>
internal sealed record JsonFormatJobOptions(int Indent = JsonFormatJobOptions.DefaultIndent, bool SortKeys = false)
{
    public const int DefaultIndent = 2;
    public const int MaxIndent = 8;

    /// <summary>Reads the options, or says which one is wrong. A JSON <c>null</c> means the default.</summary>
    public static JobError? TryRead(JsonObject options, out JsonFormatJobOptions result)
    {
        result = new JsonFormatJobOptions();
        foreach ((string name, JsonNode? value) in options)
        {
            switch (name)
            {
                case "indent" when value is null:
                    break;
                case "indent":
                    if (value.GetValueKind() != JsonValueKind.Number
                        || !int.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int indent)
                        || indent is < 0 or > MaxIndent)
                    {
                        return JobError.Validation("options.indent", $"'indent' must be an integer from 0 to {MaxIndent}.");
                    }

                    result = result with { Indent = indent };
                    break;
                case "sort_keys" when value is null:
                    break;
                case "sort_keys":
                    JsonValueKind kind = value.GetValueKind();
                    if (kind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return JobError.Validation("options.sort_keys", "'sort_keys' must be true or false.");
                    }

                    result = result with { SortKeys = kind == JsonValueKind.True };
                    break;
                default:
                    return JobError.Validation($"options.{name}", $"Unknown option '{name}'; json.format takes 'indent' and 'sort_keys'.");
            }
        }

        return null;
    }
}
