namespace JobPipeline.Processing;

/// <summary>The registered job types, by name.</summary>
public sealed class JobProcessorCatalog(IEnumerable<IJobProcessor> processors)
{
    private readonly Dictionary<string, IJobProcessor> _byType = processors.ToDictionary(p => p.Type, StringComparer.Ordinal);

    /// <summary>The registered type names, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _byType.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The processor of <paramref name="type"/>, or null.</summary>
    public IJobProcessor? Find(string? type) =>
        type is not null && _byType.TryGetValue(type, out IJobProcessor? processor) ? processor : null;
}
