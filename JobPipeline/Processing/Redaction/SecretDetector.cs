using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Credentials: AWS access key ids (a known four-letter prefix and sixteen base-32 characters) and JSON Web Tokens
/// (three base64url parts whose header decodes to a JSON object with a string <c>alg</c> and whose payload decodes
/// to a JSON object).
/// </summary>
internal sealed partial class SecretDetector(bool awsKeys, bool jwts) : EntityDetector
{
    public const double AwsScore = 0.9;
    public const double JwtScore = 0.95;

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JwtCandidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        if (awsKeys)
        {
            foreach (ValueMatch match in AwsKey().EnumerateMatches(text, startAt))
            {
                findings.Add(new EntityFinding(EntityTypes.AwsAccessKeyId, match.Index, match.Index + match.Length, AwsScore));
            }
        }

        if (jwts)
        {
            foreach (ValueMatch match in JwtCandidate().EnumerateMatches(text, startAt))
            {
                if (IsJwt(text.Slice(match.Index, match.Length)))
                {
                    findings.Add(new EntityFinding(EntityTypes.Jwt, match.Index, match.Index + match.Length, JwtScore));
                }
            }
        }
    }

    internal static bool IsJwt(ReadOnlySpan<char> token)
    {
        int firstDot = token.IndexOf('.');
        int secondDot = token[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (firstDot <= 0 || secondDot <= firstDot)
        {
            return false;
        }

        using JsonDocument? header = DecodeJsonObject(token[..firstDot]);
        if (header is null || !header.RootElement.TryGetProperty("alg", out JsonElement alg) || alg.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        using JsonDocument? payload = DecodeJsonObject(token[(firstDot + 1)..secondDot]);
        return payload is not null;
    }

    private static JsonDocument? DecodeJsonObject(ReadOnlySpan<char> part)
    {
        if (part.Length > 8192)
        {
            return null;
        }

        byte[] bytes = new byte[Base64Url.GetMaxDecodedLength(part.Length)];
        if (!Base64Url.TryDecodeFromChars(part, bytes, out int written))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes.AsMemory(0, written));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
