using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using JobPipeline.Processing;
using JobPipeline.Streams;

namespace JobPipeline.Storage;

/// <summary>
/// Keeps a result in memory while it fits the inline limit and streams it to the job's result blob as soon as it
/// does not, so a large result never sits whole in memory. A result to be sealed (<paramref name="seal"/>) is held
/// whole and sealed at the end instead (it is never written in clear, and a seal covers the whole of it): inline when
/// the sealed bytes fit, else one upload of the sealed bytes.
/// </summary>
internal sealed class SpillingResultSink(BlockBlobClient blob, int inlineMaxBytes, Func<byte[], byte[]>? seal = null, BlockBlobClient? documentBlob = null) : ResultSink
{
    private SpillingStream? _stream;
    private byte[]? _sealedInline;
    private bool _sealedInBlob;
    private bool _completed;
    private DocumentStream? _document;

    /// <summary>The output document's media type; null when the processor wrote none.</summary>
    public string? DocumentContentType { get; private set; }

    /// <summary>The output document's file name.</summary>
    public string? DocumentFileName { get; private set; }

    /// <summary>The output document's size in bytes.</summary>
    public long DocumentSizeBytes => _document?.Written ?? 0;

    /// <summary>Whether the processor wrote an output document (to the document blob).</summary>
    public bool HasDocument => _document is not null;

    public string? ContentType { get; private set; }

    public ResultForm Form { get; private set; }

    /// <summary>Whether the processor wrote a result at all.</summary>
    public bool Opened => _stream is not null;

    /// <summary>The result bytes (sealed, when sealing) when it stayed within the inline limit; null when it went to the blob.</summary>
    public byte[]? InlineBytes => seal is not null ? _sealedInline : _stream is { SpilledToBlob: false } s ? s.Buffer.ToArray() : null;

    public long SizeBytes => _stream?.Written ?? 0;

    public bool InBlob => seal is not null ? _sealedInBlob : _stream?.SpilledToBlob ?? false;

    public override Task<Stream> OpenAsync(string contentType, ResultForm form, CancellationToken cancellationToken = default)
    {
        if (_stream is not null)
        {
            throw new InvalidOperationException("A job's result is opened once.");
        }

        ContentType = contentType;
        Form = form;
        _stream = new SpillingStream(blob, contentType, seal is null ? inlineMaxBytes : int.MaxValue, cancellationToken);
        return Task.FromResult<Stream>(_stream);
    }

    public override async Task<Stream> OpenDocumentAsync(string contentType, string fileName, CancellationToken cancellationToken = default)
    {
        if (documentBlob is null)
        {
            throw new InvalidOperationException("This job has no place for an output document.");
        }

        if (_document is not null)
        {
            throw new InvalidOperationException("A job's output document is opened once.");
        }

        DocumentContentType = contentType;
        DocumentFileName = fileName;
        var options = new BlockBlobOpenWriteOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = contentType,

                // A SAS download of the blob offers the same file name as GET /api/jobs/{id}/result.
                ContentDisposition = new System.Net.Mime.ContentDisposition { DispositionType = "attachment", FileName = fileName }.ToString(),
            },
            BufferSize = 4 * 1024 * 1024,
        };
        _document = new DocumentStream(await documentBlob.OpenWriteAsync(overwrite: true, options, cancellationToken));
        return _document;
    }

    /// <summary>
    /// Ends the blob uploads if the processor did not dispose its streams; seals and stores a result to be sealed.
    /// </summary>
    public async Task CompleteAsync()
    {
        if (_document is not null)
        {
            await _document.DisposeAsync();
        }

        if (_stream is null)
        {
            return;
        }

        await _stream.DisposeAsync();
        if (seal is null || _completed)
        {
            return;
        }

        _completed = true;
        byte[] sealedBytes = seal(_stream.Buffer.ToArray());
        _stream.Buffer.SetLength(0);
        if (sealedBytes.Length <= inlineMaxBytes)
        {
            _sealedInline = sealedBytes;
            return;
        }

        _sealedInBlob = true;
        await blob.UploadAsync(new MemoryStream(sealedBytes, writable: false), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
        });
    }

    /// <summary>A write-only pass-through to the document blob that counts bytes and commits once.</summary>
    private sealed class DocumentStream(Stream inner) : WriteOnlyStream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            CountWrite(buffer.Length);
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            CountWrite(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        protected override ValueTask FinishAsync() => inner.DisposeAsync();
    }

    private sealed class SpillingStream(BlockBlobClient blob, string contentType, int inlineMaxBytes, CancellationToken cancellationToken) : WriteOnlyStream
    {
        private Stream? _blobStream;

        public MemoryStream Buffer { get; } = new();

        public bool SpilledToBlob => _blobStream is not null;

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Write(ReadOnlySpan<byte> buffer) =>
            WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken token = default)
        {
            CountWrite(buffer.Length);
            if (_blobStream is null && Buffer.Length + buffer.Length <= inlineMaxBytes)
            {
                Buffer.Write(buffer.Span);
                return;
            }

            if (_blobStream is null)
            {
                var options = new BlockBlobOpenWriteOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    BufferSize = 4 * 1024 * 1024,
                };
                _blobStream = await blob.OpenWriteAsync(overwrite: true, options, cancellationToken);
                Buffer.Position = 0;
                await Buffer.CopyToAsync(_blobStream, cancellationToken);
                Buffer.SetLength(0);
            }

            await _blobStream.WriteAsync(buffer, cancellationToken);
        }

        protected override async ValueTask FinishAsync()
        {
            if (_blobStream is not null)
            {
                await _blobStream.DisposeAsync();
            }
        }
    }
}
