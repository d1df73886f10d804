using Microsoft.Extensions.Logging;

namespace JobPipeline.Tests.Telemetry;

/// <summary>One log: its message, its state's fields and the values of its scopes (the innermost wins).</summary>
public sealed record CapturedLog(
    string Category,
    EventId EventId,
    LogLevel Level,
    string Message,
    IReadOnlyDictionary<string, object?> Fields,
    IReadOnlyDictionary<string, object?> Scope);
