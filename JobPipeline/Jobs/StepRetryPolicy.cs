namespace JobPipeline.Jobs;

/// <summary>How a step is retried on transient failures (mapped onto Durable's <c>RetryPolicy</c> in the Functions app).</summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstRetryInterval">The wait before the second attempt.</param>
/// <param name="BackoffCoefficient">The factor each later wait grows by.</param>
public sealed record StepRetryPolicy(int MaxAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient = 2.0)
{
    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)(FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1)));
}
