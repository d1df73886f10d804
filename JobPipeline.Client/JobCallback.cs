namespace JobPipeline.Client;

/// <summary>The delivery state of a job's webhook, when it was submitted with a callback URL.</summary>
/// <param name="Url">Where the webhook is sent.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="LastStatus">The HTTP status of the last attempt, if it got an answer.</param>
public sealed record JobCallback(Uri Url, string State, int Attempts, int? LastStatus);
