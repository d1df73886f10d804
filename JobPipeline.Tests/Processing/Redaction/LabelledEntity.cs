namespace JobPipeline.Tests.Processing.Redaction;

/// <summary>One expected finding of a <see cref="LabelledSample"/>: its type and the exact text it covers.</summary>
public sealed record LabelledEntity(string Type, string Value);
