using System.Net;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.Documents;
using Microsoft.Extensions.Options;

namespace JobPipeline.Remote;

/// <summary>
/// Reads <c>input_url</c> documents and writes outputs to <c>output_url</c>, under <see cref="RemoteUrlPolicy"/>:
/// every connection goes to an address checked after DNS resolution (the socket connects to exactly that address, so
/// a second lookup cannot swap it), redirects are followed by hand and each hop checked again, and a download stops
/// at the raw-document size limit. A fetch that fails fails the job with <c>INPUT_UNREADABLE</c>.
/// </summary>
public sealed class RemoteDocuments : IDisposable
{
    private const int MaxRedirects = 3;
    private readonly RemoteUrlPolicy _policy;
    private readonly long _maxBytes;
    private readonly HttpClient _client;

    /// <summary>Creates the reader and writer from the deployment's options.</summary>
    public RemoteDocuments(IOptions<JobPipelineOptions> options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>With another name resolution (tests: a name that answers a private address, as DNS rebinding would).</summary>
    internal RemoteDocuments(IOptions<JobPipelineOptions> options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _policy = new RemoteUrlPolicy(options.Value.InputUrlHosts);

        // Only an exactly listed host may be at a private address (Azurite on loopback); everything else must be public.
        var connector = new CheckedAddressConnector(resolve, _policy.IsExact);
        _maxBytes = options.Value.MaxRequestBodyBytes;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = connector.ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>The URL policy.</summary>
    public RemoteUrlPolicy Policy => _policy;

    /// <summary>Downloads <paramref name="url"/> to a temporary file (deleted when the stream is closed).</summary>
    public async Task<Stream> FetchAsync(string url, CancellationToken cancellationToken = default)
    {
        var current = new Uri(url);
        FileStream file = SpooledDocument.Create();
        try
        {
            for (int hop = 0; ; hop++)
            {
                if (_policy.Refusal(current) is { } refusal)
                {
                    throw Unreadable(refusal);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                    {
                        throw Unreadable($"more than {MaxRedirects} redirects.");
                    }

                    current = new Uri(current, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Unreadable($"the server answered {(int)response.StatusCode}.");
                }

                if (response.Content.Headers.ContentLength > _maxBytes)
                {
                    throw Unreadable($"the document is larger than {_maxBytes} bytes.");
                }

                await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var bounded = new BoundedReadStream(body, _maxBytes, () => Unreadable($"the document is larger than {_maxBytes} bytes."));
                await bounded.CopyToAsync(file, 256 * 1024, cancellationToken);
                file.Position = 0;
                return file;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await file.DisposeAsync();
            string reason = CheckedAddressConnector.Refusal(e) is { } refusal ? refusal + "." : "it could not be downloaded.";
            throw Unreadable(reason, e);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="outputUrl"/>: a blob SAS URL, or a container SAS URL under
    /// which the blob is named <paramref name="blobName"/>. Returns the blob's URL without its SAS.
    /// </summary>
    public async Task<string> WriteAsync(string outputUrl, string blobName, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var url = new Uri(outputUrl);
        if (_policy.Refusal(url) is { } refusal)
        {
            throw new JobProcessingException(new JobError(ErrorCodes.ValidationFailed, refusal, new JsonObject { ["field"] = "output_url" }));
        }

        var options = new BlobClientOptions { Transport = new HttpClientTransport(_client), Retry = { MaxRetries = 2 } };
        var builder = new BlobUriBuilder(url);
        BlobClient blob = string.IsNullOrEmpty(builder.BlobName)
            ? new BlobContainerClient(url, options).GetBlobClient(blobName)
            : new BlobClient(url, options);
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return new UriBuilder(blob.Uri) { Query = "" }.Uri.AbsoluteUri;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static JobProcessingException Unreadable(string reason, Exception? cause = null)
    {
        var error = new JobError(ErrorCodes.InputUnreadable, $"The input_url could not be read: {reason}", new JsonObject { ["field"] = "input_url" });
        return cause is null ? new JobProcessingException(error) : new JobProcessingException(error, cause);
    }
}
