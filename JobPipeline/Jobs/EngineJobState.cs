namespace JobPipeline.Jobs;

/// <summary>The engine's own view of a job's execution, used to repair a projection row that fell behind.</summary>
/// <param name="Phase">Where execution stands.</param>
/// <param name="FailureMessage">For <see cref="EnginePhase.Failed"/>: what the engine reported.</param>
public sealed record EngineJobState(EnginePhase Phase, string? FailureMessage = null);

/// <summary>Where a job's execution stands in the engine.</summary>
public enum EnginePhase
{
    /// <summary>The engine has no trace of it.</summary>
    Unknown,

    /// <summary>Scheduled or running.</summary>
    Running,

    /// <summary>The workflow ran to its end.</summary>
    Completed,

    /// <summary>The workflow itself failed (not a job that ended <c>failed</c> through the workflow).</summary>
    Failed,

    /// <summary>Stopped from outside.</summary>
    Terminated,
}
