namespace JobPipeline.Client;

/// <summary>
/// How requests are retried on <c>408</c>, <c>429</c>, <c>500</c>, <c>502</c>, <c>503</c>, <c>504</c> and network
/// errors: the service's <c>Retry-After</c> when it sends one, else exponential backoff with jitter.
/// </summary>
public sealed class JobPipelineRetryOptions
{
    /// <summary>Retries after the first attempt (0: none).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; doubled for each retry.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff (and the longest <c>Retry-After</c> honoured).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
