using System.Net;
using JobPipeline.Tests.Support;
using JobPipeline.Webhooks;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Webhooks;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_refused_before_anything_is_sent()
    {
        // DNS rebinding: a public-looking name that answers with the loopback address the receiver listens on.
        using var sender = new WebhookSender(Options.Create(new JobPipelineOptions()), (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        var url = new Uri($"http://hooks.example.com:{new Uri(_receiver.Origin).Port}/hooks/rebound");

        WebhookAttempt attempt = await sender.SendAsync(url, "msg_1", 1_800_000_000, "v1,x", "{}"u8.ToArray());

        Assert.False(attempt.Delivered);
        Assert.Null(attempt.Status);
        Assert.Contains("private, loopback or link-local", attempt.Problem, StringComparison.Ordinal);
        Assert.Empty(_receiver.Deliveries);
    }

    [Fact]
    public async Task A_loopback_literal_origin_is_reached_and_its_answer_reported()
    {
        using var sender = new WebhookSender(Options.Create(new JobPipelineOptions()));
        byte[] body = "{\"type\":\"job.completed\"}"u8.ToArray();
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string signature = WebhookSigner.Sign([WebhookSecretAttribute.TryDecode(WebhookReceiver.Secret)!], "msg_2", now, body);

        WebhookAttempt attempt = await sender.SendAsync(new Uri(_receiver.Origin + "/hooks/direct"), "msg_2", now, signature, body);

        Assert.True(attempt.Delivered);
        Assert.Equal(204, attempt.Status);
        WebhookReceiver.Delivery delivery = Assert.Single(_receiver.Deliveries);
        Assert.Equal("msg_2", delivery.Id);
        Assert.True(new JobPipeline.Client.WebhookSignatureVerifier(WebhookReceiver.Secret).IsValid(delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body));
    }

    [Theory]
    [InlineData("whsec_", false)]
    [InlineData("whsec_AAAA", false)]
    [InlineData("secret_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    [InlineData("whsec_not base64 at all, no no no no no no", false)]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    public void A_webhook_secret_must_be_whsec_and_the_base64_of_24_to_64_bytes(string secret, bool valid)
    {
        Assert.Equal(valid, WebhookSecretAttribute.TryDecode(secret) is not null);
    }
}
