using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.Redaction;

/// <summary>The <c>options</c> of one <c>redact</c> job, checked against the deployment's limits.</summary>
internal sealed record RedactJobOptions(
    RedactMode Mode,
    IReadOnlySet<string> Entities,
    string DefaultRegion,
    IReadOnlyList<string> DenyList,
    IReadOnlyList<CustomPattern> Patterns,
    bool ReturnMap,
    char MaskChar,
    int KeepLast)
{
    public const int MaxKeepLast = 16;
    public const double DefaultPatternScore = 0.5;

    private static readonly string[] Known = ["mode", "entities", "default_region", "deny_list", "patterns", "return_map", "mask_char", "keep_last"];

    private static readonly Regex PatternName = new("^[A-Z][A-Z0-9_]{0,49}$", RegexOptions.CultureInvariant);

    /// <summary>Reads and checks <paramref name="options"/>; on failure <paramref name="error"/> names the field at fault.</summary>
    public static bool TryParse(JsonObject options, RedactionOptions limits, out RedactJobOptions? parsed, out JobError? error)
    {
        parsed = null;
        try
        {
            parsed = Parse(options, limits);
            error = null;
            return true;
        }
        catch (OptionException e)
        {
            error = JobError.Validation(e.Field, e.Message);
            return false;
        }
    }

    private static RedactJobOptions Parse(JsonObject options, RedactionOptions limits)
    {
        foreach ((string name, JsonNode? _) in options)
        {
            if (!Known.Contains(name))
            {
                throw new OptionException($"options.{name}", $"Unknown option '{name}'; known options are {string.Join(", ", Known)}.");
            }
        }

        RedactMode mode = ReadString(options, "mode") switch
        {
            null or "replace" => RedactMode.Replace,
            "mask" => RedactMode.Mask,
            "hash" => RedactMode.Hash,
            "remove" => RedactMode.Remove,
            _ => throw new OptionException("options.mode", "mode must be one of replace, mask, hash, remove."),
        };

        List<CustomPattern> patterns = ReadPatterns(options, limits);
        HashSet<string> entities = ReadEntities(options, patterns);

        string region = ReadString(options, "default_region")?.ToUpperInvariant() ?? limits.DefaultRegion;
        if (!PhoneNumberDetector.IsSupportedRegion(region))
        {
            throw new OptionException("options.default_region", $"default_region '{region}' is not a known ISO 3166 region code (e.g. US, GB, DE).");
        }

        List<string> denyList = ReadDenyList(options, limits);

        bool returnMap = ReadBool(options, "return_map") ?? false;
        if (returnMap && mode == RedactMode.Remove)
        {
            throw new OptionException("options.return_map", "mode remove leaves nothing in the text to map back; use replace, mask or hash with return_map.");
        }

        char maskChar = '*';
        if (ReadString(options, "mask_char") is { } maskText)
        {
            if (mode != RedactMode.Mask)
            {
                throw new OptionException("options.mask_char", "mask_char applies only to mode mask.");
            }

            if (maskText.Length != 1 || char.IsControl(maskText[0]) || char.IsSurrogate(maskText[0]) || char.IsWhiteSpace(maskText[0]))
            {
                throw new OptionException("options.mask_char", "mask_char must be one visible character.");
            }

            maskChar = maskText[0];
        }

        int keepLast = 0;
        if (options.TryGetPropertyValue("keep_last", out JsonNode? keepNode))
        {
            if (mode != RedactMode.Mask)
            {
                throw new OptionException("options.keep_last", "keep_last applies only to mode mask.");
            }

            if (keepNode is not JsonValue keepValue || !keepValue.TryGetValue<int>(out keepLast) || keepLast is < 0 or > MaxKeepLast)
            {
                throw new OptionException("options.keep_last", $"keep_last must be an integer from 0 to {MaxKeepLast}.");
            }
        }

        return new RedactJobOptions(mode, entities, region, denyList, patterns, returnMap, maskChar, keepLast);
    }

    private static HashSet<string> ReadEntities(JsonObject options, IReadOnlyList<CustomPattern> patterns)
    {
        if (!options.TryGetPropertyValue("entities", out JsonNode? node))
        {
            return [.. EntityTypes.All];
        }

        List<string> names = node switch
        {
            JsonArray array => array.Select(item => item is JsonValue v && v.TryGetValue<string>(out string? s) ? s : throw new OptionException("options.entities", "entities must be an array of entity type names.")).ToList(),
            JsonValue value when value.TryGetValue<string>(out string? list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => throw new OptionException("options.entities", "entities must be an array of entity type names."),
        };

        if (names.Count == 0)
        {
            throw new OptionException("options.entities", "entities must name at least one entity type.");
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!EntityTypes.All.Contains(name) && name != EntityTypes.DenyList && !patterns.Any(p => p.Name == name))
            {
                throw new OptionException("options.entities", $"Unknown entity type '{name}'; known types are {string.Join(", ", EntityTypes.All)}.");
            }

            selected.Add(name);
        }

        return selected;
    }

    private static List<string> ReadDenyList(JsonObject options, RedactionOptions limits)
    {
        JsonArray? array = ReadArray(options, "deny_list");
        if (array is null)
        {
            return [];
        }

        if (array.Count > limits.MaxDenyListTerms)
        {
            throw new OptionException("options.deny_list", $"deny_list may have at most {limits.MaxDenyListTerms} terms.");
        }

        var terms = new List<string>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || !value.TryGetValue<string>(out string? term) || string.IsNullOrWhiteSpace(term))
            {
                throw new OptionException($"options.deny_list[{i}]", "Each deny_list term must be a non-blank string.");
            }

            if (term.Length > limits.MaxDenyListTermLength)
            {
                throw new OptionException($"options.deny_list[{i}]", $"A deny_list term may have at most {limits.MaxDenyListTermLength} characters.");
            }

            terms.Add(term);
        }

        return terms;
    }

    private static List<CustomPattern> ReadPatterns(JsonObject options, RedactionOptions limits)
    {
        JsonArray? array = ReadArray(options, "patterns");
        if (array is null)
        {
            return [];
        }

        if (array.Count > limits.MaxCustomPatterns)
        {
            throw new OptionException("options.patterns", $"patterns may have at most {limits.MaxCustomPatterns} entries.");
        }

        var patterns = new List<CustomPattern>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            string field = $"options.patterns[{i}]";
            if (array[i] is not JsonObject entry)
            {
                throw new OptionException(field, "Each pattern must be an object {name, regex, score?}.");
            }

            foreach ((string key, JsonNode? _) in entry)
            {
                if (key is not ("name" or "regex" or "score"))
                {
                    throw new OptionException($"{field}.{key}", $"Unknown pattern field '{key}'; a pattern has name, regex and score.");
                }
            }

            string? name = ReadString(entry, "name", $"{field}.name");
            if (name is null || !PatternName.IsMatch(name))
            {
                throw new OptionException($"{field}.name", "name must be 1-50 characters of A-Z, 0-9 and _, starting with a letter.");
            }

            if (EntityTypes.All.Contains(name) || name == EntityTypes.DenyList || patterns.Any(p => p.Name == name))
            {
                throw new OptionException($"{field}.name", $"name '{name}' is already a built-in entity type or another pattern's name.");
            }

            string? regex = ReadString(entry, "regex", $"{field}.regex");
            if (string.IsNullOrEmpty(regex) || regex.Length > limits.MaxPatternLength)
            {
                throw new OptionException($"{field}.regex", $"regex must be a non-empty string of at most {limits.MaxPatternLength} characters.");
            }

            try
            {
                CustomPatternDetector.Create(regex, limits.PatternMatchTimeout);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new OptionException($"{field}.regex", $"regex is not usable: {e.Message}");
            }

            if (PatternSize.Positions(regex) is var positions && positions > limits.MaxPatternPositions)
            {
                throw new OptionException(
                    $"{field}.regex",
                    $"regex is too costly to run: with its counted repetitions written out it has {positions} positions, more than {limits.MaxPatternPositions} allowed (use smaller counts in {{n,m}}).");
            }

            double score = DefaultPatternScore;
            if (entry.TryGetPropertyValue("score", out JsonNode? scoreNode)
                && (scoreNode is not JsonValue scoreValue || !scoreValue.TryGetValue(out score) || score is <= 0 or > 1 || double.IsNaN(score)))
            {
                throw new OptionException($"{field}.score", "score must be a number greater than 0 and at most 1.");
            }

            patterns.Add(new CustomPattern(name, regex, score));
        }

        return patterns;
    }

    private static JsonArray? ReadArray(JsonObject options, string name)
    {
        if (!options.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return null;
        }

        if (node is JsonArray array)
        {
            return array;
        }

        // A raw submit carries options in the query string, where an array can only arrive as JSON text.
        if (node is JsonValue value && value.TryGetValue<string>(out string? text) && text.TrimStart().StartsWith('['))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonArray parsed)
                {
                    // The parse leaves string escapes unchecked: decode them all now, so that a lone surrogate
                    // ("\udc00") is this option's error here rather than an exception wherever the text is read.
                    _ = parsed.ToJsonString();
                    return parsed;
                }
            }
            catch (JsonException)
            {
            }
            catch (InvalidOperationException)
            {
                throw new OptionException($"options.{name}", $"{name} holds a string with an unpaired surrogate escape (\\uD800-\\uDFFF).");
            }
        }

        throw new OptionException($"options.{name}", $"{name} must be an array.");
    }

    private static string? ReadString(JsonObject options, string name, string? field = null)
    {
        if (!options.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out string? text)
            ? text
            : throw new OptionException(field ?? $"options.{name}", $"{name} must be a string.");
    }

    private static bool? ReadBool(JsonObject options, string name)
    {
        if (!options.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<bool>(out bool flag)
            ? flag
            : throw new OptionException($"options.{name}", $"{name} must be true or false.");
    }

    private sealed class OptionException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}
