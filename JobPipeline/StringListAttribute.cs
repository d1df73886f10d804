using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>
/// A setting that lists strings, each of which must be of a form (<see cref="IsValidEntry"/>); a missing list is valid
/// (whether one is required is <see cref="RequiredAttribute"/>'s business).
/// </summary>
internal abstract class StringListAttribute(string errorMessage) : ValidationAttribute(errorMessage)
{
    public sealed override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> entries && entries.All(IsValidEntry));

    /// <summary>Whether one entry of the list is of the form.</summary>
    protected abstract bool IsValidEntry(string entry);
}
