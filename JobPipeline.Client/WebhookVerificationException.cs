namespace JobPipeline.Client;

/// <summary>A webhook whose signature, timestamp or headers do not check out: answer it 4xx and do not act on it.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }
}
