using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>A step failed on every attempt its retry policy allowed.</summary>
public sealed class JobStepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobStepFailedException(string stepName, string message, Exception? innerException = null)
        : base($"Step {stepName} failed: {message}", innerException) => StepName = stepName;

    /// <summary>The step that failed.</summary>
    public string StepName { get; }
}
