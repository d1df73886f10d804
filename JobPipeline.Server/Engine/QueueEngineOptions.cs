using System.ComponentModel.DataAnnotations;

namespace JobPipeline.Server.Engine;

/// <summary>The server engine's worker settings, under <c>JobPipeline:Worker</c>.</summary>
public sealed class QueueEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "JobPipeline:Worker";

    /// <summary>How many jobs one server instance runs at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// How long a received message stays invisible; renewed while the job runs, so a dead worker's job reappears after it.
    /// The minimum is 1 second so that tests can let a "dead" worker's message reappear quickly; in production keep it
    /// well above the latency of a storage call (the default is 60 seconds).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait between two polls of an empty queue (the wait grows from a few milliseconds to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxIdlePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a job's message may be delivered (each delivery after the first means its worker died) before the job ends <c>failed</c> with <c>TIMEOUT</c>.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Whether this instance runs jobs at all (an instance may serve the API only).</summary>
    public bool Enabled { get; set; } = true;
}
