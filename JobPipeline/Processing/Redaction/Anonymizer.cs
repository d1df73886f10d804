using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JobPipeline.Processing.Redaction;

/// <summary>
/// Turns a found value into its replacement for one document, remembering what it needs so the same value gets the
/// same replacement everywhere in the document (and, when asked, the map back to the originals).
/// </summary>
internal sealed class Anonymizer
{
    private readonly RedactJobOptions _options;
    private readonly byte[]? _tenantKey;
    private readonly Dictionary<(string Type, string Value), string> _replacements = [];
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _map = new(StringComparer.Ordinal);

    public Anonymizer(RedactJobOptions options, byte[] masterKey, string tenant)
    {
        _options = options;
        if (options.Mode == RedactMode.Hash)
        {
            // Options validation at start refuses a short key; this guards hosts that bypass it.
            if (masterKey.Length < 32)
            {
                throw new InvalidOperationException("JobPipeline:Redaction:HashKey must be configured (base64, at least 32 bytes) for mode hash.");
            }

            // One key per tenant: equal values hash equal within a tenant, and never across tenants.
            _tenantKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt: [], info: Encoding.UTF8.GetBytes(tenant));
        }
    }

    public string Replace(string entityType, ReadOnlySpan<char> value)
    {
        if (_options.Mode == RedactMode.Remove)
        {
            return "";
        }

        string original = value.ToString();
        if (_replacements.TryGetValue((entityType, original), out string? known))
        {
            return known;
        }

        string replacement = _options.Mode switch
        {
            RedactMode.Replace => Placeholder(entityType),
            RedactMode.Mask => Mask(value),
            _ => Hash(value),
        };

        _replacements[(entityType, original)] = replacement;
        if (_options.ReturnMap)
        {
            if (!_map.TryGetValue(replacement, out List<string>? originals))
            {
                _map[replacement] = originals = [];
            }

            if (!originals.Contains(original))
            {
                originals.Add(original);
            }
        }

        return replacement;
    }

    /// <summary>
    /// Writes <c>de_anonymization_map</c>: replacement → original; in mask mode replacement → [originals], since
    /// different values can mask alike.
    /// </summary>
    public void WriteMap(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("de_anonymization_map");
        foreach ((string? replacement, List<string>? originals) in _map)
        {
            if (_options.Mode == RedactMode.Mask)
            {
                writer.WriteStartArray(replacement);
                originals.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString(replacement, originals[0]);
            }
        }

        writer.WriteEndObject();
    }

    private string Placeholder(string entityType)
    {
        _counters.TryGetValue(entityType, out int count);
        _counters[entityType] = ++count;
        return $"[{entityType}_{count}]";
    }

    private string Mask(ReadOnlySpan<char> value)
    {
        int keep = Math.Min(_options.KeepLast, value.Length);
        return string.Create(value.Length, (value.ToString(), keep, _options.MaskChar), static (span, state) =>
        {
            int masked = span.Length - state.keep;
            span[..masked].Fill(state.MaskChar);
            state.Item1.AsSpan(masked).CopyTo(span[masked..]);
        });
    }

    private string Hash(ReadOnlySpan<char> value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value.ToString());
        return Convert.ToHexStringLower(HMACSHA256.HashData(_tenantKey!, bytes));
    }
}
