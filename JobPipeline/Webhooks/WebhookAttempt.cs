namespace JobPipeline.Webhooks;

/// <summary>How one delivery attempt went.</summary>
/// <param name="Status">The receiver's HTTP status; null when it did not answer (refused address, connection error, timeout).</param>
/// <param name="Problem">Why it failed, for the log; null when it succeeded.</param>
public sealed record WebhookAttempt(int? Status, string? Problem)
{
    /// <summary>Whether the receiver took it (any 2xx).</summary>
    public bool Delivered => Status is >= 200 and < 300;
}
