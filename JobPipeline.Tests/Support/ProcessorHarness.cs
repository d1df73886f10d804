using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Support;

/// <summary>In-memory input and result for running a processor directly in a test.</summary>
public static class ProcessorHarness
{
    public static JobExecution Json(string type, string inputJson, JsonObject? options = null, string tenant = "tenant-a") =>
        Execution(type, new MemoryInput(Encoding.UTF8.GetBytes(inputJson), null), options, tenant);

    public static JobExecution Document(string type, byte[] document, string contentType, JsonObject? options = null, string tenant = "tenant-a") =>
        Execution(type, new MemoryInput(document, contentType), options, tenant);

    public static JobExecution Document(string type, string document, string contentType, JsonObject? options = null, string tenant = "tenant-a") =>
        Document(type, Encoding.UTF8.GetBytes(document), contentType, options, tenant);

    /// <summary>The bytes the processor wrote to the result sink of <paramref name="execution"/>.</summary>
    public static MemoryResultSink Sink(this JobExecution execution) => (MemoryResultSink)execution.Result;

    private static JobExecution Execution(string type, JobInput input, JsonObject? options, string tenant) => new()
    {
        Tenant = tenant,
        JobId = Guid.NewGuid().ToString("N"),
        Type = type,
        Input = input,
        Options = options ?? [],
        Result = new MemoryResultSink(),
        Progress = new Progress<int>(),
    };

    public sealed class MemoryInput(byte[] bytes, string? contentType) : JobInput
    {
        public override string? DocumentContentType => contentType;

        public override Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default) =>
            contentType is null
                ? Task.FromResult(JsonDocument.Parse(bytes).RootElement.Clone())
                : throw new InvalidOperationException("A raw document has no JSON input.");

        public override Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));
    }

    public sealed class MemoryResultSink : ResultSink
    {
        private readonly MemoryStream _stream = new();
        private MemoryStream? _document;

        /// <summary>The output document's media type; null when none was written.</summary>
        public string? DocumentContentType { get; private set; }

        /// <summary>The output document's file name.</summary>
        public string? DocumentFileName { get; private set; }

        /// <summary>The output document's bytes; null when none was written.</summary>
        public byte[]? DocumentBytes => _document?.ToArray();

        /// <summary>The output document as UTF-8 text.</summary>
        public string DocumentText => Encoding.UTF8.GetString(DocumentBytes ?? throw new InvalidOperationException("No document was written."));

        public override Task<Stream> OpenDocumentAsync(string contentType, string fileName, CancellationToken cancellationToken = default)
        {
            if (_document is not null)
            {
                throw new InvalidOperationException("The document was opened twice.");
            }

            DocumentContentType = contentType;
            DocumentFileName = fileName;
            _document = new MemoryStream();
            return Task.FromResult<Stream>(new NonClosingStream(_document));
        }

        public string? ContentType { get; private set; }

        public ResultForm? Form { get; private set; }

        public byte[] Bytes => _stream.ToArray();

        public string Text => Encoding.UTF8.GetString(Bytes);

        public JsonNode? Json => JsonNode.Parse(Bytes);

        public override Task<Stream> OpenAsync(string contentType, ResultForm form, CancellationToken cancellationToken = default)
        {
            if (ContentType is not null)
            {
                throw new InvalidOperationException("The result was opened twice.");
            }

            ContentType = contentType;
            Form = form;
            return Task.FromResult<Stream>(new NonClosingStream(_stream));
        }

        private sealed class NonClosingStream(Stream inner) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() => inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
