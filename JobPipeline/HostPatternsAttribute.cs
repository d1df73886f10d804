namespace JobPipeline;

/// <summary>A list of host patterns: <c>host</c> or <c>*.domain</c>, without port (matched as <see cref="Microsoft.AspNetCore.Http.HostString.MatchesAny"/> does).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HostPatternsAttribute()
    : StringListAttribute("The field {0} must list host names without port (host or *.domain).")
{
    protected override bool IsValidEntry(string entry)
    {
        string host = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        return host.Length > 0
            && !host.Contains('*', StringComparison.Ordinal)
            && !host.Any(c => c is '/' or '?' or '#' or '@' || char.IsWhiteSpace(c))
            && (host.StartsWith('[') || !host.Contains(':', StringComparison.Ordinal))
            && Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out Uri? uri)
            && uri.Host.Length > 0;
    }
}
