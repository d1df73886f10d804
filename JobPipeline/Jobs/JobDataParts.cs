namespace JobPipeline.Jobs;

/// <summary>The parts of a job that <see cref="IJobDataSealer"/> seals, each bound into its seal.</summary>
public static class JobDataParts
{
    /// <summary>The submitted input.</summary>
    public const string Input = "input";

    /// <summary>The processor's result.</summary>
    public const string Result = "result";
}
