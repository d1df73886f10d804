namespace JobPipeline.Http;

/// <summary>The OpenAPI 3 document of the API, embedded in the assembly.</summary>
internal static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using Stream stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("JobPipeline.Http.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static byte[] Bytes => Document.Value;
}
