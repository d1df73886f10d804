namespace JobPipeline.Jobs;

/// <summary>Where a job's webhook delivery stands (the job resource's <c>callback.state</c>).</summary>
public enum CallbackState
{
    /// <summary>Not delivered yet: the job is not terminal, or attempts are still to come.</summary>
    Pending,

    /// <summary>A receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; no more are made.</summary>
    Failed,
}
