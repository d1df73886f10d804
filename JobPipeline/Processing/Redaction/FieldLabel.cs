using System.Text;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The name of a field (a CSV column header, a JSON property name) as a label the detectors can read before its value,
/// as they read <c>Name: Jane</c> in running text: <c>first_name</c> and <c>firstName</c> become <c>first name</c>.
/// </summary>
internal static class FieldLabel
{
    // Longer names are not labels a detector looks back over (HasLineLabelBefore reads at most 32 characters).
    private const int MaxLength = 32;

    /// <summary>The label for <paramref name="fieldName"/>, or null when it cannot serve as one.</summary>
    public static string? From(string? fieldName)
    {
        if (string.IsNullOrWhiteSpace(fieldName) || fieldName.Length > 2 * MaxLength)
        {
            return null;
        }

        var label = new StringBuilder(fieldName.Length + 4);
        for (int i = 0; i < fieldName.Length; i++)
        {
            char c = fieldName[i];
            if (char.IsLetter(c))
            {
                // camelCase: a capital after a lower-case letter starts a word.
                if (char.IsUpper(c) && i > 0 && char.IsLower(fieldName[i - 1]))
                {
                    label.Append(' ');
                }

                label.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '_' or '-' or '.' or '/' && label.Length > 0 && label[^1] != ' ')
            {
                label.Append(' ');
            }
            else if (c is '\r' or '\n' or ':')
            {
                return null;
            }
        }

        string text = label.ToString().Trim();
        return text.Length is > 0 and <= MaxLength ? text : null;
    }
}
