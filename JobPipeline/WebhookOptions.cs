using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>
/// Webhook deliveries (<c>callback_url</c>). With the defaults a failing receiver is tried 8 times over about an hour
/// (10 s, 30 s, 90 s, 4.5 min, 13.5 min, then every 20 min), after which the delivery is recorded as failed.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts in all, the first included; after the last one fails the job's <c>callback.state</c> is <c>failed</c>.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; each later wait is three times longer, up to <see cref="MaxRetryInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long one attempt may take, connection included; no answer by then counts as a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an instance looks for deliveries that are due (retries, and those another instance could not make).
    /// A job that ends on this instance is delivered at once, without waiting for this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after attempt <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        double ticks = FirstRetryInterval.Ticks * Math.Pow(3, Math.Min(attempt - 1, 30));
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
