using System.Net;
using System.Net.Http.Headers;
using JobPipeline.Remote;
using Microsoft.Extensions.Options;

namespace JobPipeline.Webhooks;

/// <summary>
/// Posts one signed webhook. The connection goes to an address checked after DNS resolution (the socket connects to
/// exactly that address, through <see cref="CheckedAddressConnector"/> as for <see cref="RemoteDocuments"/>), private,
/// loopback and link-local addresses only for a host that is such a literal (<see cref="WebhookTenants.MayBePrivate"/>);
/// no proxy, no redirect followed (a 3xx is a failed attempt); each attempt bounded by <see cref="WebhookOptions.Timeout"/>;
/// at most a few KiB of the answer read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int MaxAnswerBytes = 4 * 1024;
    private readonly HttpClient _client;

    /// <summary>Creates the sender from the deployment's options.</summary>
    public WebhookSender(IOptions<JobPipelineOptions> options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>With another name resolution (tests: a name that answers a private address).</summary>
    internal WebhookSender(IOptions<JobPipelineOptions> options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        var connector = new CheckedAddressConnector(resolve, (host, _) => WebhookTenants.MayBePrivate(host));
        TimeSpan timeout = options.Value.Webhooks.Timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            ConnectCallback = connector.ConnectAsync,
            MaxResponseHeadersLength = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _client = new HttpClient(handler) { Timeout = timeout };
    }

    /// <summary>Posts <paramref name="body"/> (JSON) to <paramref name="url"/> with the Standard Webhooks headers.</summary>
    public async Task<WebhookAttempt> SendAsync(Uri url, string webhookId, long timestamp, string signature, byte[] body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Headers.UserAgent.ParseAdd("JobPipeline-Webhooks/1.0");
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            // The answer's body means nothing to us: read a little of it (so a short answer frees the connection), no more.
            await using Stream answer = await response.Content.ReadAsStreamAsync(cancellationToken);
            byte[] buffer = new byte[MaxAnswerBytes];
            _ = await answer.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            int status = (int)response.StatusCode;
            return new WebhookAttempt(status, status is >= 200 and < 300 ? null : $"the receiver answered {status}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            string problem = CheckedAddressConnector.Refusal(e)
                ?? (e is TaskCanceledException ? "no answer in time" : "the receiver could not be reached");
            return new WebhookAttempt(null, problem);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
