namespace JobPipeline.Tests.Infra;

/// <summary>What one run of the Bicep CLI gave back.</summary>
public sealed record BicepRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Exit code 0 and not one diagnostic (every linter rule is an error, but a compiler warning is not).</summary>
    public bool IsClean => ExitCode == 0 && string.IsNullOrWhiteSpace(Stderr);

    public override string ToString() => $"exit code {ExitCode}\n{Stderr}";
}
