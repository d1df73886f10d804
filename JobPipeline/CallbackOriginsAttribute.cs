using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>A list of callback origins: absolute <c>http</c> or <c>https</c> URLs with a host and nothing after it (no path, query or credentials).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CallbackOriginsAttribute : ValidationAttribute
{
    public CallbackOriginsAttribute()
        : base("The field {0} must list origins such as https://hooks.example.com (scheme, host and port only).")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is IEnumerable<string> origins && origins.All(IsOrigin));

    /// <summary>Whether <paramref name="origin"/> is a scheme, a host and maybe a port, and nothing else.</summary>
    internal static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
        && uri.Scheme is "https" or "http"
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.AbsolutePath == "/"
        && !origin.TrimEnd('/').EndsWith('/')
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
