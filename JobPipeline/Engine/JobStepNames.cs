using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>The names of the workflow's steps: activity names in the Functions app, dispatch keys in the server.</summary>
public static class JobStepNames
{
    /// <summary><see cref="JobSteps.StartAsync(JobRef, CancellationToken)"/>.</summary>
    public const string Start = "JobStart";

    /// <summary><see cref="JobSteps.ProcessAsync"/>.</summary>
    public const string Process = "JobProcess";

    /// <summary><see cref="JobSteps.FailAsync"/>.</summary>
    public const string Fail = "JobFail";
}
