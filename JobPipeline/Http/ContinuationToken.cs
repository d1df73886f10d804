using System.Buffers.Text;
using System.Text;
using JobPipeline.Jobs;

namespace JobPipeline.Http;

/// <summary>The list's <c>next</c> token: the table's continuation, made opaque (base64url) and checked on the way back.</summary>
internal static class ContinuationToken
{
    private const string Prefix = "v1:";

    public static string? Encode(string? tableToken) =>
        tableToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + tableToken));

    public static string? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (token.Length <= 2048 && text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length)
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Not ours: answered below.
        }

        throw JobRequestException.Invalid("continuation", "The continuation token is not one this API issued.");
    }
}
