using System.Diagnostics;
using System.Reflection;

namespace JobPipeline.Tests.Infra;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package that the test project restores; its path
/// comes from the BicepCliPath assembly metadata written by JobPipeline.Tests.csproj.
/// </summary>
public static class BicepCli
{
    public static string ExecutablePath { get; } = typeof(BicepCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCliPath").Value!;

    /// <summary>
    /// Builds the .bicep files under <paramref name="directory"/> that match <paramref name="pattern"/> (all by default) into
    /// <paramref name="outputDirectory"/>, keeping the folder layout: one process for many files, which is where the time goes.
    /// </summary>
    public static Task<BicepRun> BuildAllAsync(
        string directory, string outputDirectory, string pattern = "**/*.bicep", CancellationToken cancellationToken = default) =>
        RunAsync(directory, ["build", "--pattern", pattern, "--outdir", outputDirectory], environment: null, cancellationToken);

    /// <summary>Builds one .bicep file and returns the ARM JSON on stdout.</summary>
    public static Task<BicepRun> BuildAsync(string bicepFile, CancellationToken cancellationToken = default) =>
        RunAsync(Path.GetDirectoryName(bicepFile)!, ["build", bicepFile, "--stdout"], environment: null, cancellationToken);

    /// <summary>Builds a .bicepparam file; stdout holds both the parameters and the template, as JSON.</summary>
    public static Task<BicepRun> BuildParamsAsync(
        string bicepParamFile, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken = default) =>
        RunAsync(Path.GetDirectoryName(bicepParamFile)!, ["build-params", bicepParamFile, "--stdout"], environment, cancellationToken);

    private static async Task<BicepRun> RunAsync(
        string workingDirectory, string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {ExecutablePath}: run 'dotnet restore' for JobPipeline.Tests.");
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, and no chance that the machine's own environment feeds readEnvironmentVariable().
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("JOBPIPELINE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A bound for a hung CLI, not a speed check: twelve mutants built at once take minutes on a loaded machine.
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepRun(process.ExitCode, await stdout, await stderr);
    }
}
