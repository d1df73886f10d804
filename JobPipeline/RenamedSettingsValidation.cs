using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JobPipeline;

/// <summary>
/// Fails the start of a host whose configuration still sets a key that was renamed: the binder ignores an unknown key
/// silently, so a deployment that kept the old name would run with the default instead of its value.
/// </summary>
internal sealed class RenamedSettingsValidation(IConfiguration configuration) : IValidateOptions<JobPipelineOptions>
{
    /// <summary>Old key → the key that replaced it (both as written in configuration, with <c>:</c>).</summary>
    internal static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>
    {
        ["JobPipeline:Worker:RowWait"] = "JobPipeline:JobRowWait",
    };

    public ValidateOptionsResult Validate(string? name, JobPipelineOptions options)
    {
        List<string> failures = [];
        foreach ((string old, string renamed) in Renamed)
        {
            if (configuration.GetSection(old).Exists())
            {
                failures.Add(
                    $"The setting {old} is no longer read: it was renamed to {renamed} " +
                    $"(environment variable {renamed.Replace(":", "__", StringComparison.Ordinal)}). Move its value to {renamed} and remove {old}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
