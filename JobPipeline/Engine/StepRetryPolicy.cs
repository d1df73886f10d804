using System.Text.Json.Serialization;
using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// How a step is retried on transient failures (mapped onto Durable's <c>RetryPolicy</c> in the Functions app). It
/// travels in the orchestration input, so its JSON names are fixed: the same whatever naming policy the serializer
/// that writes or reads it has (the Functions worker's and a plain Durable Task worker's differ).
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstRetryInterval">The wait before the second attempt.</param>
/// <param name="BackoffCoefficient">The factor each later wait grows by.</param>
public sealed record StepRetryPolicy(
    [property: JsonPropertyName("max_attempts")] int MaxAttempts,
    [property: JsonPropertyName("first_retry_interval")] TimeSpan FirstRetryInterval,
    [property: JsonPropertyName("backoff_coefficient")] double BackoffCoefficient = 2.0)
{
    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)(FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1)));
}
