namespace JobPipeline.Tests.Infra;

/// <summary>One edit of the infra sources: <see cref="Find"/>, which must occur exactly once in <see cref="File"/>, becomes <see cref="Replacement"/>.</summary>
public sealed record InfraMutation(string File, string Find, string Replacement)
{
    /// <summary>Applies the edit to a copy of infra/ at <paramref name="infraCopy"/>.</summary>
    public void ApplyTo(string infraCopy)
    {
        string path = Path.Combine(infraCopy, File);
        string text = System.IO.File.ReadAllText(path);
        int first = text.IndexOf(Find, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(Find, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"'{Find}' must occur exactly once in {File}.");
        }

        System.IO.File.WriteAllText(path, text.Replace(Find, Replacement, StringComparison.Ordinal));
    }
}
