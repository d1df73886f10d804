using System.ComponentModel.DataAnnotations;

namespace JobPipeline;

/// <summary>An optional setting that, when set, must be an absolute <c>http</c> or <c>https</c> URL without query or fragment.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteHttpUrlAttribute : ValidationAttribute
{
    public AbsoluteHttpUrlAttribute()
        : base("The field {0} must be an absolute http or https URL without user info, query or fragment.")
    {
    }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        Uri uri => uri.IsAbsoluteUri
            && uri.Scheme is "http" or "https"
            && uri.UserInfo.Length == 0
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && uri.Host.Length > 0,
        _ => false,
    };
}
