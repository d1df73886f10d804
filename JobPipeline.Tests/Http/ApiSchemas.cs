using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace JobPipeline.Tests.Http;

/// <summary>
/// The component schemas of the server's own OpenAPI document (as served at <c>/api/openapi.json</c>), turned into
/// NJsonSchema validators: the components become <c>definitions</c> and every <c>$ref</c> is pointed at them.
/// </summary>
public sealed class ApiSchemas
{
    private readonly Dictionary<string, JsonSchema> _schemas = [];

    private ApiSchemas(JsonObject document) => Document = document;

    public JsonObject Document { get; }

    public static async Task<ApiSchemas> LoadAsync(HttpClient client)
    {
        string text = await client.GetStringAsync("/api/openapi.json");
        return new ApiSchemas(JsonNode.Parse(text)!.AsObject());
    }

    public async Task<ICollection<ValidationError>> ValidateAsync(string component, string json)
    {
        if (!_schemas.TryGetValue(component, out JsonSchema? schema))
        {
            Assert.True(Document["components"]!["schemas"]!.AsObject().ContainsKey(component), $"No component schema '{component}'.");
            var root = new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + component }),
                ["definitions"] = Document["components"]!["schemas"]!.DeepClone(),
            };
            schema = await JsonSchema.FromJsonAsync(root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));
            _schemas[component] = schema;
        }

        return schema.Validate(json);
    }

    public async Task AssertValidAsync(string component, string json)
    {
        ICollection<ValidationError> errors = await ValidateAsync(component, json);
        Assert.True(errors.Count == 0, $"{component} does not match: {Describe(errors)}\n{json}");
    }

    public static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}" + (e is ChildSchemaValidationError c ? " [" + Describe(c.Errors.SelectMany(x => x.Value)) + "]" : "")));
}
