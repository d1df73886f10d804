namespace JobPipeline.Processing.Redaction;

/// <summary>One entry of <c>options.patterns</c>: findings of <see cref="Regex"/> are reported as <see cref="Name"/>.</summary>
internal sealed record CustomPattern(string Name, string Regex, double Score);
