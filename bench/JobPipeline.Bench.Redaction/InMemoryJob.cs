using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Processing;

namespace JobPipeline.Bench.Redaction;

/// <summary>Runs the <c>redact</c> processor on bytes in memory, the way the host would, minus storage.</summary>
internal static class InMemoryJob
{
    public static JobExecution Create(byte[] input, string? contentType, Stream output, JsonObject? options = null) => new()
    {
        Tenant = "bench",
        JobId = "bench",
        Type = "redact",
        Input = new Input(input, contentType),
        Options = options ?? [],
        Result = new Sink(output),
        Progress = new Progress<int>(),
    };

    /// <summary>A raw document read from a file, so the document itself never sits in this process's memory.</summary>
    public static JobExecution File(string path, string contentType, Stream output) => new()
    {
        Tenant = "bench",
        JobId = "bench",
        Type = "redact",
        Input = new FileInput(path, contentType),
        Options = [],
        Result = new Sink(output),
        Progress = new Progress<int>(),
    };

    public static JobExecution Text(string text, Stream output) =>
        Create(Encoding.UTF8.GetBytes(new JsonObject { ["text"] = text }.ToJsonString()), null, output);

    private sealed class Input(byte[] bytes, string? contentType) : JobInput
    {
        public override string? DocumentContentType => contentType;

        public override Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(JsonDocument.Parse(bytes).RootElement.Clone());

        public override Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));
    }

    private sealed class FileInput(string path, string contentType) : JobInput
    {
        public override string? DocumentContentType => contentType;

        public override Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("A raw document has no JSON input.");

        public override Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(System.IO.File.OpenRead(path));
    }

    private sealed class Sink(Stream output) : ResultSink
    {
        public override Task<Stream> OpenAsync(string contentType, ResultForm form, CancellationToken cancellationToken = default) =>
            Task.FromResult(output);

        // The output document and the figures are counted together, as the host would store both.
        public override Task<Stream> OpenDocumentAsync(string contentType, string fileName, CancellationToken cancellationToken = default) =>
            Task.FromResult(output);
    }
}
