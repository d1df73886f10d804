using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace JobPipeline.Tests.Http;

/// <summary>
/// The component schemas of the server's own OpenAPI document (as served at <c>/api/openapi.json</c>), turned into
/// NJsonSchema validators: the components become <c>definitions</c> and every <c>$ref</c> is pointed at them. Also
/// checks a whole response against its operation (<see cref="CheckResponseAsync"/>, used by <see cref="Support.OpenApiConformance"/>).
/// </summary>
public sealed partial class ApiSchemas
{
    private static readonly Lazy<ApiSchemas> EmbeddedDocument = new(() =>
        new ApiSchemas(JsonNode.Parse(JobPipeline.Http.OpenApiDocument.Bytes)!.AsObject()));

    private readonly ConcurrentDictionary<string, Task<JsonSchema>> _schemas = [];
    private readonly List<(string Method, Regex Path, JsonObject Operation, int Parameters)> _operations = [];

    private ApiSchemas(JsonObject document)
    {
        Document = document;
        foreach ((string path, JsonNode? item) in document["paths"]!.AsObject())
        {
            var template = new Regex("^" + PathParameter().Replace(Regex.Escape(path).Replace("\\{", "{", StringComparison.Ordinal), "[^/]+") + "$");
            foreach ((string method, JsonNode? operation) in item!.AsObject())
            {
                _operations.Add((method.ToUpperInvariant(), template, operation!.AsObject(), PathParameter().Matches(path).Count));
            }
        }

        // A literal segment wins over a parameter (POST /api/jobs/status is not POST /api/jobs/{type}).
        _operations.Sort((a, b) => a.Parameters.CompareTo(b.Parameters));
    }

    /// <summary>The document this assembly's server embeds (the one it serves).</summary>
    public static ApiSchemas Embedded => EmbeddedDocument.Value;

    public JsonObject Document { get; }

    public static async Task<ApiSchemas> LoadAsync(HttpClient client)
    {
        string text = await client.GetStringAsync("/api/openapi.json");
        return new ApiSchemas(JsonNode.Parse(text)!.AsObject());
    }

    public async Task<ICollection<ValidationError>> ValidateAsync(string component, string json)
    {
        Assert.True(Document["components"]!["schemas"]!.AsObject().ContainsKey(component), $"No component schema '{component}'.");
        JsonSchema schema = await SchemaAsync("component " + component, new JsonObject { ["$ref"] = "#/components/schemas/" + component });
        return schema.Validate(json);
    }

    public async Task AssertValidAsync(string component, string json)
    {
        ICollection<ValidationError> errors = await ValidateAsync(component, json);
        Assert.True(errors.Count == 0, $"{component} does not match: {Describe(errors)}\n{json}");
    }

    /// <summary>
    /// What is wrong with a response to <paramref name="method"/> <paramref name="path"/> by the document, or null
    /// when nothing is (or the path is no documented route: an unknown route's answer has no operation to match).
    /// </summary>
    public async Task<string?> CheckResponseAsync(string method, string path, int status, bool isJson, string? body)
    {
        (string Method, Regex Path, JsonObject Operation, int Parameters) match = _operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));
        if (match.Operation is null)
        {
            return null;
        }

        string operationId = match.Operation["operationId"]!.GetValue<string>();
        JsonObject responses = match.Operation["responses"]!.AsObject();
        JsonNode? documented = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (documented is null)
        {
            return $"status {status} is not documented for {operationId} (documented: {string.Join(", ", responses.Select(r => r.Key))})";
        }

        JsonNode? schemaNode = Resolve(documented)["content"]?["application/json"]?["schema"];
        if (schemaNode is null)
        {
            return null;
        }

        if (!isJson)
        {
            return $"{operationId} {status} documents a JSON body, the response has none";
        }

        JsonSchema schema = await SchemaAsync($"{operationId} {status}", schemaNode);
        ICollection<ValidationError> errors = schema.Validate(body!);
        return errors.Count == 0 ? null : $"{operationId} {status} does not match its schema: {Describe(errors)}";
    }

    public static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}" + (e is ChildSchemaValidationError c ? " [" + Describe(c.Errors.SelectMany(x => x.Value)) + "]" : "")));

    private Task<JsonSchema> SchemaAsync(string key, JsonNode schema) => _schemas.GetOrAdd(key, _ =>
    {
        var root = new JsonObject
        {
            ["allOf"] = new JsonArray(schema.DeepClone()),
            ["definitions"] = Document["components"]!["schemas"]!.DeepClone(),
        };
        return JsonSchema.FromJsonAsync(root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));
    });

    private JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode? target = Document;
            foreach (string part in reference.TrimStart('#', '/').Split('/'))
            {
                target = target?[part];
            }

            node = target ?? throw new InvalidOperationException($"Unresolved {reference}");
        }

        return node;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
