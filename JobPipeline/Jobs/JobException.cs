namespace JobPipeline.Jobs;

/// <summary>
/// What the job domain reports when it cannot do as asked (no such job, already finished, a reused idempotency key,
/// a document over its limit). It names what happened, not how to answer: the HTTP layer maps each to a status.
/// </summary>
public abstract class JobException(string message) : Exception(message);
