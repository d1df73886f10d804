using JobPipeline.Jobs;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// The time one job's custom patterns may search, together: one <see cref="RedactionOptions.PatternMatchTimeout"/>
/// plus <see cref="RedactionOptions.PatternTimePerMegabyte"/> per Mi characters searched so far. Past it the job
/// fails with <c>VALIDATION_FAILED</c> naming the pattern that took the most, so a pattern's cost per MB is bounded
/// even when each single search stays under the match timeout.
/// </summary>
internal sealed class PatternTimeBudget(IReadOnlyList<CustomPattern> patterns, RedactionOptions settings, TimeProvider time)
{
    private const double CharsPerMegabyte = 1024 * 1024;

    private readonly TimeSpan[] _spent = new TimeSpan[patterns.Count];
    private TimeSpan _total;
    private long _chars;

    /// <summary>Counts text about to be searched: it adds to the allowance.</summary>
    public void AddText(int chars) => _chars += chars;

    /// <summary>A timestamp to pass to <see cref="Charge"/>.</summary>
    public long Start() => time.GetTimestamp();

    /// <summary>Adds the time since <paramref name="started"/> to pattern <paramref name="index"/>; throws once the budget is spent.</summary>
    public void Charge(int index, long started)
    {
        TimeSpan elapsed = time.GetElapsedTime(started);
        _spent[index] += elapsed;
        _total += elapsed;
        TimeSpan allowed = settings.PatternMatchTimeout + (settings.PatternTimePerMegabyte * (_chars / CharsPerMegabyte));
        if (_total <= allowed)
        {
            return;
        }

        int costliest = Array.IndexOf(_spent, _spent.Max());
        throw new JobProcessingException(JobError.Validation(
            $"options.patterns[{costliest}].regex",
            $"The custom patterns took longer than allowed ({allowed.TotalSeconds:0.###} s for {_chars / CharsPerMegabyte:0.###} Mi characters: "
            + $"{settings.PatternTimePerMegabyte.TotalSeconds:0.###} s per Mi plus {settings.PatternMatchTimeout.TotalSeconds:0.###} s); "
            + $"pattern '{patterns[costliest].Name}' took the most. Simplify it (fewer or smaller counted repetitions, fewer alternatives)."));
    }
}
