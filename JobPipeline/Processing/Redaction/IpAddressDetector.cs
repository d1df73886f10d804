using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// IPv4 dotted quads (four decimal octets 0–255 without leading zeros, not part of a longer dotted run, not a
/// version number: no "v" right before it and no "version"/"release"/"build" just before) and IPv6 addresses
/// (anything <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/> takes as IPv6).
/// </summary>
internal sealed partial class IpAddressDetector : EntityDetector
{
    public const double Score = 0.8;

    public static IpAddressDetector Instance { get; } = new();

    private static readonly string[] VersionKeywords = ["version", "release", "build", "ver.", "firmware", "patch"];

    [GeneratedRegex(@"(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex V4Candidate();

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        foreach (ValueMatch match in V4Candidate().EnumerateMatches(text, startAt))
        {
            ReadOnlySpan<char> value = text.Slice(match.Index, match.Length);
            if (IsDottedQuad(value) && !LooksLikeVersion(text, match.Index))
            {
                findings.Add(new EntityFinding(EntityTypes.IpAddress, match.Index, match.Index + match.Length, Score));
            }
        }

        // IPv6: grow outwards from each ':' (rare in prose) rather than trying a regex at every hex letter.
        int position = startAt;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf(':');
            if (found < 0)
            {
                break;
            }

            int colon = position + found;
            int start = colon;
            while (start > 0 && IsV6Char(text[start - 1]))
            {
                start--;
            }

            int end = colon + 1;
            while (end < text.Length && IsV6Char(text[end]))
            {
                end++;
            }

            while (end > colon + 1 && text[end - 1] == '.')
            {
                end--;
            }

            position = end;
            ReadOnlySpan<char> value = text[start..end];
            if (start >= startAt && value.Length >= 3 && value.Count(':') >= 2 && value.IndexOfAnyExcept(':') >= 0
                && (start == 0 || !IsWordChar(text[start - 1]))
                && (end == text.Length || !IsWordChar(text[end]))
                && IPAddress.TryParse(value, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                findings.Add(new EntityFinding(EntityTypes.IpAddress, start, end, Score));
            }
        }
    }

    private static bool IsV6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    internal static bool IsDottedQuad(ReadOnlySpan<char> value)
    {
        int parts = 0;
        foreach (Range range in value.Split('.'))
        {
            ReadOnlySpan<char> octet = value[range];
            if (octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0') || int.Parse(octet, provider: System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool LooksLikeVersion(ReadOnlySpan<char> text, int index)
    {
        if (index > 0 && text[index - 1] is 'v' or 'V')
        {
            return true;
        }

        return HasContextBefore(text, index, 20, VersionKeywords);
    }
}
