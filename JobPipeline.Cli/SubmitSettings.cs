using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace JobPipeline.Cli;

/// <summary>Settings of <c>submit</c>.</summary>
public sealed class SubmitSettings : ApiSettings
{
    /// <summary>The document (or JSON input) file; standard input when absent or <c>-</c>.</summary>
    [CommandArgument(0, "[file]")]
    [Description("The document to process; - or nothing for standard input.")]
    public string? File { get; init; }

    /// <summary>The job type.</summary>
    [CommandOption("-t|--type <TYPE>")]
    [Description("The job type: redact, extract, mask, unmask, json.format, …")]
    public string? Type { get; init; }

    /// <summary>The job's options, <c>name=value</c>.</summary>
    [CommandOption("--option <NAME=VALUE>")]
    [Description("A job option (repeatable); values that read as JSON (2, true, [\"a\"]) are taken as such, else as text.")]
    public string[] Options { get; init; } = [];

    /// <summary>The document's content type.</summary>
    [CommandOption("-c|--content-type <TYPE>")]
    [Description("The document's content type (default: from the file's extension; text/plain for standard input).")]
    public string? ContentType { get; init; }

    /// <summary>Send the file as the JSON <c>input</c> of the envelope instead of as a document.</summary>
    [CommandOption("--json-input")]
    [Description("The file is the job's JSON input (as for mask and unmask), not a document.")]
    public bool JsonInput { get; init; }

    /// <summary>The idempotency key.</summary>
    [CommandOption("--idempotency-key <KEY>")]
    [Description("Submitting again with the same key and file returns the first job.")]
    public string? IdempotencyKey { get; init; }

    /// <summary>Where the service posts a signed webhook when the job ends.</summary>
    [CommandOption("--callback-url <URL>")]
    [Description("Where the service posts a signed webhook when the job ends (under one of your tenant's callback origins).")]
    public string? CallbackUrl { get; init; }

    /// <summary>Wait for the end with a live progress bar.</summary>
    [CommandOption("-w|--wait")]
    [Description("Wait for the job to end, with a live progress bar; exit 0 if it completed, 1 if not.")]
    public bool Wait { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Type))
        {
            return ValidationResult.Error("--type is required.");
        }

        if (CallbackUrl is not null && !(Uri.TryCreate(CallbackUrl, UriKind.Absolute, out Uri? callback) && callback.Scheme is "https" or "http"))
        {
            return ValidationResult.Error($"--callback-url takes an absolute http(s) URL, not '{CallbackUrl}'.");
        }

        string? bad = Options.FirstOrDefault(o => o.IndexOf('=', StringComparison.Ordinal) < 1);
        return bad is null ? ValidationResult.Success() : ValidationResult.Error($"--option takes NAME=VALUE, not '{bad}'.");
    }
}
