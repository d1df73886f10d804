using System.ComponentModel;
using JobPipeline.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>Settings of <c>list</c>.</summary>
public sealed class ListSettings : ApiSettings
{
    /// <summary>Only jobs with this status.</summary>
    [CommandOption("-s|--status <STATUS>")]
    [Description("Only jobs with this status: queued, processing, completed, failed, canceled, expired.")]
    public string? Status { get; init; }

    /// <summary>Only jobs of this type.</summary>
    [CommandOption("-t|--type <TYPE>")]
    [Description("Only jobs of this type.")]
    public string? Type { get; init; }

    /// <summary>How many jobs to show at most.</summary>
    [CommandOption("-n|--limit <N>")]
    [Description("Show at most N jobs, newest first (default 50).")]
    [DefaultValue(50)]
    public int Limit { get; init; } = 50;

    /// <summary>One JSON object per line instead of a table.</summary>
    [CommandOption("--json")]
    [Description("One JSON object per line instead of a table.")]
    public bool Json { get; init; }

    /// <summary>The status filter, parsed.</summary>
    public JobStatus? ParsedStatus =>
        Status is null ? null : Enum.GetValues<JobStatus>().First(s => s.ToWire() == Status);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Status is not null && !Enum.GetValues<JobStatus>().Any(s => s.ToWire() == Status))
        {
            return ValidationResult.Error("--status is one of queued, processing, completed, failed, canceled, expired.");
        }

        return Limit < 1 ? ValidationResult.Error("--limit is at least 1.") : ValidationResult.Success();
    }
}
