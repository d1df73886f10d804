using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// A pattern of the request's <c>options.patterns</c>. It runs on the non-backtracking engine (linear in the text,
/// so no catastrophic backtracking) and under a match timeout; a timeout fails the job with <c>VALIDATION_FAILED</c>.
/// Its time is also charged to the job's <see cref="PatternTimeBudget"/>, when there is one.
/// </summary>
internal sealed class CustomPatternDetector(CustomPattern pattern, int index, TimeSpan timeout, PatternTimeBudget? budget = null) : EntityDetector
{
    private readonly Regex _regex = Create(pattern.Regex, timeout);

    public static Regex Create(string regex, TimeSpan timeout) =>
        new(regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, timeout);

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        long started = budget?.Start() ?? 0;
        try
        {
            foreach (ValueMatch match in _regex.EnumerateMatches(text, startAt))
            {
                if (match.Length > 0)
                {
                    findings.Add(new EntityFinding(pattern.Name, match.Index, match.Index + match.Length, pattern.Score));
                }
            }
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new JobProcessingException(
                Jobs.JobError.Validation($"options.patterns[{index}].regex", $"Pattern '{pattern.Name}' took longer than {timeout.TotalSeconds:0.###} s on this input."),
                e);
        }

        budget?.Charge(index, started);
    }
}
