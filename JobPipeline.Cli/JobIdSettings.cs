using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>A command on one job.</summary>
public class JobIdSettings : ApiSettings
{
    /// <summary>The job id.</summary>
    [CommandArgument(0, "<id>")]
    [Description("The job id.")]
    public string JobId { get; init; } = "";

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(JobId) ? ValidationResult.Error("A job id is required.") : ValidationResult.Success();
}
