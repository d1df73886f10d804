using Azure;

namespace JobPipeline.Engine;

/// <summary>
/// A step could not reach storage: it was unreachable, or answered 408 or 5xx (500, 502, 503, 504), through the storage
/// SDK's own retries. Nothing is wrong with the job, so the engines retry the step without using one of its attempts
/// (<see cref="StepRetryPolicy.StorageWait"/>). The Functions app's activities throw it in place of the storage
/// failure, so that the orchestrator can tell it from the job's own failure by its type.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception around the storage failure.</summary>
    public StorageUnavailableException(string stepName, Exception innerException)
        : base($"Step {stepName} could not reach storage: {innerException.Message}", innerException) => StepName = stepName;

    /// <summary>The step that could not reach storage.</summary>
    public string StepName { get; }

    /// <summary>
    /// Whether <paramref name="e"/> is storage that could not be reached, rather than the job's or its processor's
    /// failure: a storage SDK's <see cref="RequestFailedException"/> with status 0 (no answer: refused, reset, DNS),
    /// 408, 500, 502, 503 or 504; the SDK's own retries used up on such failures or on its network timeout; or this
    /// exception. A plain <see cref="HttpRequestException"/>, <see cref="IOException"/> or cancellation that no storage
    /// SDK raised is a processor's own (its input URL, its own service) and keeps counting as an attempt.
    /// </summary>
    public static bool IsStorageFailure(Exception e) => e switch
    {
        StorageUnavailableException => true,
        RequestFailedException r => r.Status is 0 or 408 or 500 or 502 or 503 or 504,
        AggregateException a when IsSdkRetriesUsedUp(a) => a.InnerExceptions.All(i => IsStorageFailure(i) || IsSdkTimeout(i)),
        _ => IsSdkTimeout(e),
    };

    /// <summary>The Azure SDK's retry policy gave up: it wraps every attempt's failure in one <see cref="AggregateException"/>.</summary>
    private static bool IsSdkRetriesUsedUp(AggregateException e) =>
        e.InnerExceptions.Count > 0 && e.Message.StartsWith("Retry failed after", StringComparison.Ordinal);

    /// <summary>
    /// The Azure SDK's network timeout (<c>ClientOptions.Retry.NetworkTimeout</c>): a cancellation of its own, whose
    /// message names the setting, not the caller's token.
    /// </summary>
    private static bool IsSdkTimeout(Exception e) =>
        e is OperationCanceledException && e.Message.Contains("NetworkTimeout", StringComparison.Ordinal);
}
