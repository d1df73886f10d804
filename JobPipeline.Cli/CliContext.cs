using Spectre.Console;

namespace JobPipeline.Cli;

/// <summary>Where the tool writes and what it reads.</summary>
/// <param name="Output">Results (job ids, JSON, tables): standard output.</param>
/// <param name="Errors">Errors and the live progress: standard error, so that scripts can capture results alone.</param>
/// <param name="Environment">Environment variables and standard streams.</param>
public sealed record CliContext(IAnsiConsole Output, IAnsiConsole Errors, CliEnvironment Environment);
