using System.Text;
using JobPipeline.Client;
using Microsoft.Extensions.Time.Testing;
using StandardWebhooks;

namespace JobPipeline.Tests.Client;

/// <summary>The receivers' verifier, checked against signatures made by the reference Standard Webhooks package.</summary>
public sealed class WebhookSignatureVerifierTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private const string Body = "{\"type\":\"job.completed\",\"timestamp\":\"2026-11-29T12:00:00.000Z\",\"data\":{\"job_id\":\"01jobid\",\"type\":\"redact\",\"status\":\"completed\",\"progress\":100}}";

    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void A_delivery_signed_by_the_reference_implementation_is_valid_and_reads_as_an_event()
    {
        string signature = new StandardWebhook(Secret).Sign("msg_1", Now, Body);
        var verifier = new WebhookSignatureVerifier(Secret, timeProvider: _time);

        JobWebhookEvent webhook = verifier.ReadEvent("msg_1", Seconds(Now), signature, Encoding.UTF8.GetBytes(Body));

        Assert.StartsWith("v1,", signature, StringComparison.Ordinal);
        Assert.Equal("job.completed", webhook.Type);
        Assert.Equal(JobStatus.Completed, webhook.Data.Status);
        Assert.Equal("01jobid", webhook.Data.JobId);
    }

    [Fact]
    public void One_matching_signature_among_several_is_enough()
    {
        string signature = new StandardWebhook(Secret).Sign("msg_1", Now, Body);
        var verifier = new WebhookSignatureVerifier(Secret, timeProvider: _time);

        bool valid = verifier.IsValid("msg_1", Seconds(Now), $"v1,{Convert.ToBase64String(new byte[32])} v2,abc {signature}", Encoding.UTF8.GetBytes(Body));

        Assert.True(valid);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("id")]
    [InlineData("secret")]
    [InlineData("old")]
    [InlineData("future")]
    [InlineData("missing")]
    [InlineData("version")]
    [InlineData("timestamp")]
    public void A_tampered_stale_or_incomplete_delivery_is_refused(string change)
    {
        DateTimeOffset sent = change == "future" ? Now.AddMinutes(6) : Now;
        string signature = new StandardWebhook(Secret).Sign("msg_1", sent, Body);
        string otherSecret = "whsec_" + Convert.ToBase64String(new byte[32]);
        var verifier = new WebhookSignatureVerifier(change == "secret" ? otherSecret : Secret, timeProvider: _time);
        _time.Advance(change == "old" ? TimeSpan.FromMinutes(6) : TimeSpan.Zero);
        string body = change == "body" ? Body.Replace("completed", "failed", StringComparison.Ordinal) : Body;

        WebhookVerificationException refused = Assert.Throws<WebhookVerificationException>(() => verifier.Verify(
            change == "id" ? "msg_2" : "msg_1",
            change == "timestamp" ? "12abc" : Seconds(sent),
            change switch { "missing" => null, "version" => signature.Replace("v1,", "v2,", StringComparison.Ordinal), _ => signature },
            Encoding.UTF8.GetBytes(body)));

        Assert.False(string.IsNullOrEmpty(refused.Message));
    }

    [Fact]
    public void A_secret_that_is_not_base64_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new WebhookSignatureVerifier("whsec_not base64!"));
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
