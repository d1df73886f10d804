using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>The engine's own view of a job's execution, used to repair a projection row that fell behind.</summary>
/// <param name="Phase">Where execution stands.</param>
/// <param name="FailureMessage">For <see cref="EnginePhase.Failed"/>: what the engine reported.</param>
public sealed record EngineJobState(EnginePhase Phase, string? FailureMessage = null);
