namespace JobPipeline;

/// <summary>A list of callback origins: absolute <c>http</c> or <c>https</c> URLs with a host and nothing after it (no path, query or credentials).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CallbackOriginsAttribute()
    : StringListAttribute("The field {0} must list origins such as https://hooks.example.com (scheme, host and port only).")
{
    /// <summary>Whether <paramref name="entry"/> is a scheme, a host and maybe a port, and nothing else.</summary>
    protected override bool IsValidEntry(string entry) =>
        Uri.TryCreate(entry, UriKind.Absolute, out Uri? uri)
        && uri.Scheme is "https" or "http"
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.AbsolutePath == "/"
        && !entry.TrimEnd('/').EndsWith('/')
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
