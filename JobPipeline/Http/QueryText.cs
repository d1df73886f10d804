using System.Text;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>
/// Refuses a query string whose percent-encoded bytes are not UTF-8 text (<c>%ED%B0%80</c>, an encoded surrogate;
/// <c>%C0%AF</c>, an overlong slash; a cut sequence). ASP.NET Core's own decoding keeps such bytes escaped as literal
/// text, so a <c>deny_list</c> term or a filter would silently mean something else than the client wrote.
/// </summary>
internal static class QueryText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws 400 <c>VALIDATION_FAILED</c> (the field is the parameter's name) for a name or value that is not UTF-8.</summary>
    public static void Check(HttpRequest request)
    {
        string? raw = request.QueryString.Value;
        if (string.IsNullOrEmpty(raw))
        {
            return;
        }

        foreach (string pair in raw.TrimStart('?').Split('&'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? pair : pair[..equals];
            string? decodedName = Decode(name);
            if (decodedName is null || (equals >= 0 && Decode(pair[(equals + 1)..]) is null))
            {
                throw ApiException.Invalid(
                    decodedName ?? "query",
                    "The query string holds percent-encoded bytes that are not UTF-8 text (an encoded surrogate, an overlong or cut sequence).");
            }
        }
    }

    /// <summary>The text of a percent-encoded part, or null when its bytes are not UTF-8.</summary>
    private static string? Decode(string part)
    {
        if (!part.Contains('%', StringComparison.Ordinal))
        {
            return part;
        }

        var bytes = new List<byte>(part.Length);
        int literalStart = 0;
        for (int i = 0; i < part.Length; i++)
        {
            if (part[i] == '%' && i + 2 < part.Length && Uri.IsHexDigit(part[i + 1]) && Uri.IsHexDigit(part[i + 2]))
            {
                // Anything between escapes is taken as written (a lone '%' included, as ASP.NET Core does).
                bytes.AddRange(Encoding.UTF8.GetBytes(part[literalStart..i]));
                bytes.Add(Convert.ToByte(part.Substring(i + 1, 2), 16));
                i += 2;
                literalStart = i + 1;
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(part[literalStart..]));
        try
        {
            return Strict.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
