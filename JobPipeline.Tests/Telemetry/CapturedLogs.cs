using Microsoft.Extensions.Logging;

namespace JobPipeline.Tests.Telemetry;

/// <summary>
/// A logger provider that keeps every log of a host with its state and the values of every scope it was written in
/// (read as a scope-exporting provider reads them, through <see cref="ISupportExternalScope"/>).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly SynchronizedList<CapturedLog> _logs = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>The logs so far.</summary>
    public CapturedLog[] Snapshot() => _logs.Snapshot();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            logs._scopes.ForEachScope(
                (value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach ((string key, object? item) in pairs)
                        {
                            values[key] = item;
                        }
                    }
                },
                scope);
            Dictionary<string, object?> fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            logs._logs.Add(new CapturedLog(category, eventId, logLevel, formatter(state, exception), fields, scope));
        }
    }
}
