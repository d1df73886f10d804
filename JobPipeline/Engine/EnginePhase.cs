using JobPipeline.Jobs;

namespace JobPipeline.Engine;

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
