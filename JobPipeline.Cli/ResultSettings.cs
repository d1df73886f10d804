using System.ComponentModel;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>Settings of <c>result</c>.</summary>
public sealed class ResultSettings : JobIdSettings
{
    /// <summary>The file to write; standard output when absent or <c>-</c>.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("Write the result to this file (default: standard output).")]
    public string? Output { get; init; }
}
