namespace JobPipeline.Processing.Redaction;

/// <summary>Runs the detectors a job asked for and resolves overlaps (see <see cref="OverlapResolver"/>).</summary>
internal sealed class EntityRecognizer
{
    private readonly List<EntityDetector> _detectors = [];
    private readonly List<EntityFinding> _candidates = [];
    private readonly PatternTimeBudget? _patternBudget;

    public EntityRecognizer(RedactJobOptions options, TimeSpan patternTimeout, PatternTimeBudget? patternBudget = null)
    {
        _patternBudget = options.Patterns.Count > 0 ? patternBudget : null;
        IReadOnlySet<string> wanted = options.Entities;
        Entities = wanted;
        if (wanted.Contains(EntityTypes.EmailAddress)) _detectors.Add(EmailDetector.Instance);
        if (wanted.Contains(EntityTypes.CreditCard)) _detectors.Add(CreditCardDetector.Instance);
        if (wanted.Contains(EntityTypes.IbanCode)) _detectors.Add(IbanDetector.Instance);
        if (wanted.Contains(EntityTypes.UsSsn)) _detectors.Add(UsSsnDetector.Instance);
        if (wanted.Contains(EntityTypes.IpAddress)) _detectors.Add(IpAddressDetector.Instance);
        if (wanted.Contains(EntityTypes.Url)) _detectors.Add(UrlDetector.Instance);
        if (wanted.Contains(EntityTypes.PhoneNumber)) _detectors.Add(new PhoneNumberDetector(options.DefaultRegion));
        if (wanted.Contains(EntityTypes.AwsAccessKeyId) || wanted.Contains(EntityTypes.Jwt))
        {
            _detectors.Add(new SecretDetector(wanted.Contains(EntityTypes.AwsAccessKeyId), wanted.Contains(EntityTypes.Jwt)));
        }

        if (wanted.Contains(EntityTypes.Person) || wanted.Contains(EntityTypes.Location))
        {
            _detectors.Add(new ProperNameDetector(wanted.Contains(EntityTypes.Person), wanted.Contains(EntityTypes.Location)));
        }

        if (wanted.Contains(EntityTypes.Organization)) _detectors.Add(OrganizationDetector.Instance);
        if (wanted.Contains(EntityTypes.DateTime)) _detectors.Add(DateTimeDetector.Instance);
        if (wanted.Contains(EntityTypes.StreetAddress)) _detectors.Add(StreetAddressDetector.Instance);

        // The request's own terms and patterns always run: asking for them is the selection.
        if (options.DenyList.Count > 0)
        {
            _detectors.Add(new DenyListDetector(options.DenyList));
        }

        for (int i = 0; i < options.Patterns.Count; i++)
        {
            _detectors.Add(new CustomPatternDetector(options.Patterns[i], i, patternTimeout, _patternBudget));
        }
    }

    /// <summary>The built-in entity types the job asked for.</summary>
    public IReadOnlySet<string> Entities { get; }

    /// <summary>
    /// Non-overlapping findings that start at or after <paramref name="startAt"/>, sorted by start.
    /// Text before <paramref name="startAt"/> is only context (word boundaries, keywords).
    /// </summary>
    public List<EntityFinding> Recognize(ReadOnlySpan<char> text, int startAt = 0)
    {
        _candidates.Clear();
        _patternBudget?.AddText(text.Length - startAt);
        foreach (EntityDetector detector in _detectors)
        {
            detector.Detect(text, startAt, _candidates);
        }

        return OverlapResolver.Resolve([.. _candidates]);
    }
}
