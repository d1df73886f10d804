namespace JobPipeline.Processing.Documents;

/// <summary>What <see cref="PartPolicy"/> decided for a package's parts.</summary>
/// <param name="Dropped">The entries left out of the output (with their relationships and content-type overrides).</param>
/// <param name="Cached">The entries whose cached or drawn text <see cref="CachedTextRedaction"/> redacts.</param>
internal sealed record PartPlan(IReadOnlySet<string> Dropped, IReadOnlyDictionary<string, CachedTextRedaction.Kind> Cached);
