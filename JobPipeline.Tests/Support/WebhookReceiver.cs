using System.Net;
using JobPipeline.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JobPipeline.Tests.Support;

/// <summary>
/// A real webhook receiver on a free loopback port (Kestrel): records every delivery, checks its signature with
/// <c>JobPipeline.Client</c>'s <see cref="WebhookSignatureVerifier"/>, and answers 500 to the first
/// <see cref="FailFirst"/> deliveries (or to all while <see cref="AlwaysFail"/>), 204 otherwise; a path ending in
/// <c>/redirect</c> answers 307 to <c>/hooks/target</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The tenant's webhook secret in the tests (<c>whsec_</c> + base64 of 32 bytes).</summary>
    public static readonly string Secret = "whsec_" + Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);

    private readonly WebApplication _app;
    private readonly List<Delivery> _deliveries = [];
    private readonly WebhookSignatureVerifier _verifier = new(Secret);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>How many deliveries are answered 500 before the receiver takes them.</summary>
    public int FailFirst { get; set; }

    /// <summary>Whether every delivery is answered 500.</summary>
    public bool AlwaysFail { get; set; }

    /// <summary>The receiver's origin, <c>http://127.0.0.1:{port}</c>.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>The deliveries so far, in order of arrival.</summary>
    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{**rest}", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Origin = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the deliveries (bounded generously), and returns them.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(Func<IReadOnlyList<Delivery>, bool> condition, string what, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            IReadOnlyList<Delivery> deliveries = Deliveries;
            if (condition(deliveries))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited {seconds} s for {what}; {deliveries.Count} deliveries so far.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        string? id = context.Request.Headers["webhook-id"];
        string? timestamp = context.Request.Headers["webhook-timestamp"];
        string? signature = context.Request.Headers["webhook-signature"];
        JobWebhookEvent? webhook = null;
        string? refusal = null;
        try
        {
            webhook = _verifier.ReadEvent(id, timestamp, signature, body.ToArray());
        }
        catch (Exception e) when (e is WebhookVerificationException or System.Text.Json.JsonException)
        {
            refusal = e.Message;
        }

        // A path that ends in /redirect answers 307 to /hooks/target, which a sender must not follow.
        bool redirect = context.Request.Path.Value!.EndsWith("/redirect", StringComparison.Ordinal);
        int answer;
        lock (_deliveries)
        {
            answer = redirect ? 307 : AlwaysFail || _deliveries.Count < FailFirst ? 500 : 204;
            _deliveries.Add(new Delivery(context.Request.Path, id, timestamp, signature, body.ToArray(), webhook, refusal, answer));
        }

        return redirect ? Results.Redirect("/hooks/target", permanent: false, preserveMethod: true) : Results.StatusCode(answer);
    }

    /// <summary>One delivery as received.</summary>
    /// <param name="Path">The path it was posted to.</param>
    /// <param name="Id">Its <c>webhook-id</c>.</param>
    /// <param name="Timestamp">Its <c>webhook-timestamp</c>.</param>
    /// <param name="Signature">Its <c>webhook-signature</c>.</param>
    /// <param name="Body">Its body bytes.</param>
    /// <param name="Event">The verified event; null when the signature did not check out.</param>
    /// <param name="Refusal">Why the verifier refused it.</param>
    /// <param name="Answer">The status the receiver answered.</param>
    public sealed record Delivery(string Path, string? Id, string? Timestamp, string? Signature, byte[] Body, JobWebhookEvent? Event, string? Refusal, int Answer)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }
}
