namespace JobPipeline.Client;

/// <summary>The body of a job webhook (after <see cref="WebhookSignatureVerifier"/> accepted it).</summary>
/// <param name="Type"><c>job.completed</c>, <c>job.failed</c> or <c>job.canceled</c>.</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Data">The job, results as pointers.</param>
public sealed record JobWebhookEvent(string Type, DateTimeOffset Timestamp, Job Data);
