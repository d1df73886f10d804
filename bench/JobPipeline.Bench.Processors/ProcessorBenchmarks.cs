using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using JobPipeline.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Bench.Processors;

/// <summary>
/// Throughput of the shipped processors on an in-memory document, no storage involved. The processors are resolved
/// by type name from the container that <c>AddJobPipeline</c> builds, so this compiles against the port alone and
/// measures whichever of <see cref="Wanted"/> the build has.
/// </summary>
[Config(typeof(ProcessorBenchmarkConfig))]
public class ProcessorBenchmarks
{
    /// <summary>The job types measured when present.</summary>
    public static readonly string[] Wanted = ["redact", "json.format"];

    private IJobProcessor _processor = null!;
    private byte[] _document = [];
    private string _contentType = "";

    /// <summary>The document size of every run.</summary>
    public const int DocumentBytes = 8 * 1024 * 1024;

    /// <summary>The job type being measured.</summary>
    [ParamsSource(nameof(Available))]
    public string Type { get; set; } = "";

    /// <summary>Those of <see cref="Wanted"/> that this build registers.</summary>
    public static IEnumerable<string> Available()
    {
        using ServiceProvider services = Services();
        JobProcessorCatalog catalog = services.GetRequiredService<JobProcessorCatalog>();
        return Wanted.Where(t => catalog.Find(t) is not null);
    }

    /// <summary>Builds the container as a host would, with the settings the shipped processors need.</summary>
    public static ServiceProvider Services()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["JobPipeline:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
                ["JobPipeline:Vault:MasterKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
                ["JobPipeline:Redaction:HashKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddJobPipeline();
        return services.BuildServiceProvider();
    }

    [GlobalSetup]
    public void Setup()
    {
        ServiceProvider services = Services();
        _processor = services.GetRequiredService<JobProcessorCatalog>().Find(Type)
            ?? throw new InvalidOperationException($"Job type {Type} is not registered.");
        _contentType = Type == "json.format" ? "application/json" : "text/plain";
        if (!_processor.DocumentContentTypes.Contains(_contentType))
        {
            _contentType = _processor.DocumentContentTypes.FirstOrDefault() ?? throw new InvalidOperationException($"{Type} takes no raw document.");
        }

        _document = _contentType == "application/json" ? Documents.Json(DocumentBytes) : Documents.Text(DocumentBytes);
        if (_processor.Validate(new JobRequest(Type, null, _contentType, [])) is { } error)
        {
            throw new InvalidOperationException($"{Type} rejects the document: {error.Message}");
        }
    }

    /// <summary>One run over the whole document; MB/s = document size / mean time.</summary>
    [Benchmark]
    public async Task<long> Process()
    {
        var sink = new CountingSink();
        var execution = new JobExecution
        {
            Tenant = "bench",
            JobId = "bench",
            Type = Type,
            Input = new MemoryDocument(_document, _contentType),
            Options = [],
            Result = sink,
            Progress = new Progress<int>(),
        };
        await _processor.ProcessAsync(execution);
        return sink.Bytes;
    }

    private sealed class MemoryDocument(byte[] bytes, string contentType) : JobInput
    {
        public override string? DocumentContentType => contentType;

        public override Task<JsonElement> ReadJsonAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("A raw document has no JSON input.");

        public override Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));
    }

    private sealed class CountingSink : ResultSink
    {
        private readonly CountingStream _stream = new();

        public long Bytes => _stream.Length;

        public override Task<Stream> OpenAsync(string contentType, ResultForm form, CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(_stream);

        public override Task<Stream> OpenDocumentAsync(string contentType, string fileName, CancellationToken cancellationToken = default) =>
            Task.FromResult<Stream>(_stream);
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

/// <summary>The documents the processors run on.</summary>
public static class Documents
{
    /// <summary>Prose with an e-mail address, a phone number, an IBAN and an IP address now and then.</summary>
    public static byte[] Text(int bytes)
    {
        string[] lines =
        [
            "The quarterly report was sent to the board on Monday and discussed at length.",
            "Please contact jane.doe@example.com or call +44 20 7946 0958 about invoice 4471.",
            "Nothing of note happened in this paragraph, which is deliberately plain and long.",
            "Payment goes to GB82 WEST 1234 5698 7654 32 from 10.1.2.3 before the end of month.",
        ];
        var text = new StringBuilder(bytes + 128);
        for (int i = 0; text.Length < bytes; i++)
        {
            text.Append(lines[i % lines.Length]).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, bytes));
    }

    /// <summary>A compact JSON array of small objects.</summary>
    public static byte[] Json(int bytes)
    {
        StringBuilder json = new StringBuilder(bytes + 256).Append('[');
        for (int i = 0; json.Length < bytes - 200; i++)
        {
            json.Append(i == 0 ? "" : ",")
                .Append(new JsonObject { ["id"] = i, ["name"] = $"item {i}", ["price"] = 12.5 + i, ["tags"] = new JsonArray("a", "b"), ["nested"] = new JsonObject { ["ok"] = true } }.ToJsonString());
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }
}
