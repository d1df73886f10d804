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
/// <param name="StorageWait">
/// How long one step goes on retrying while storage cannot be reached (<see cref="StorageUnavailableException.IsStorageFailure"/>)
/// without using one of its <paramref name="MaxAttempts"/>: the job's timeout (<see cref="JobPipelineOptions.JobTimeout"/>),
/// counted from the step's first try, so that a storage outage longer than the step's retries does not fail a job that
/// has nothing wrong with it. Past it, such failures count as attempts again, so no step waits forever. Null (absent
/// from the JSON of orchestrations started before it existed, which replay as they began): every failure counts.
/// </param>
public sealed record StepRetryPolicy(
    [property: JsonPropertyName("max_attempts")] int MaxAttempts,
    [property: JsonPropertyName("first_retry_interval")] TimeSpan FirstRetryInterval,
    [property: JsonPropertyName("backoff_coefficient")] double BackoffCoefficient = 2.0,
    [property: JsonPropertyName("storage_wait"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? StorageWait = null)
{
    /// <summary>The shortest wait between two tries of a step that could not reach storage.</summary>
    public static readonly TimeSpan ShortestStorageRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two tries of a step that could not reach storage: how late a job resumes after storage is back.</summary>
    public static readonly TimeSpan LongestStorageRetryDelay = TimeSpan.FromSeconds(15);

    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)(FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1)));

    /// <summary>
    /// The wait after the <paramref name="tries"/>-th (1-based) try of a step that could not reach storage: the first
    /// retry interval (at least <see cref="ShortestStorageRetryDelay"/>), doubling, at most <see cref="LongestStorageRetryDelay"/>.
    /// </summary>
    public TimeSpan StorageRetryDelay(int tries)
    {
        TimeSpan first = FirstRetryInterval < ShortestStorageRetryDelay ? ShortestStorageRetryDelay : FirstRetryInterval;
        return tries >= 16 ? LongestStorageRetryDelay : TimeSpan.FromTicks(Math.Min(first.Ticks << (tries - 1), LongestStorageRetryDelay.Ticks));
    }

    /// <summary>
    /// Whether a step whose first try was <paramref name="elapsed"/> ago, and whose <paramref name="tries"/>-th try
    /// through an outage just failed, is tried again after <see cref="StorageRetryDelay"/> without using an attempt:
    /// the failure was storage's (<paramref name="storageUnavailable"/>, see
    /// <see cref="StorageUnavailableException.IsStorageFailure"/>) and the wait still ends within <see cref="StorageWait"/>.
    /// </summary>
    public bool RetriesThroughOutage(bool storageUnavailable, int tries, TimeSpan elapsed) =>
        storageUnavailable && StorageWait is { } wait && elapsed + StorageRetryDelay(tries) <= wait;
}
