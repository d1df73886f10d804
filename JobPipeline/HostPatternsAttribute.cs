using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>A list of host patterns: <c>host</c> or <c>*.domain</c>, without port (matched as <see cref="Microsoft.AspNetCore.Http.HostString.MatchesAny"/> does).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HostPatternsAttribute : ValidationAttribute
{
    public HostPatternsAttribute()
        : base("The field {0} must list host names without port (host or *.domain).")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> hosts && hosts.All(IsHostPattern));

    private static bool IsHostPattern(string pattern)
    {
        string host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return host.Length > 0
            && !host.Contains('*', StringComparison.Ordinal)
            && !host.Any(c => c is '/' or '?' or '#' or '@' || char.IsWhiteSpace(c))
            && (host.StartsWith('[') || !host.Contains(':', StringComparison.Ordinal))
            && Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out Uri? uri)
            && uri.Host.Length > 0;
    }
}
