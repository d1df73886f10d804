using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Processing.TokenVault;

/// <summary>
/// Reads and checks the inputs of <c>mask</c> and <c>unmask</c>; the same code checks at submit and again when
/// the job runs. Errors name the field at fault, e.g. <c>input.mask[3].value</c>.
/// </summary>
internal static partial class VaultInputReader
{
    /// <summary>Items per job, for both job types.</summary>
    public const int MaxItems = 1000;

    /// <summary>Longest token name, in characters.</summary>
    public const int MaxTokenNameLength = 128;

    /// <summary>Longest value, in UTF-16 code units.</summary>
    public const int MaxValueLength = 4096;

    private const int MaxTokenValueLength = 256;

    /// <summary>Reads <c>{"mask": [{"token_name", "value"}, …]}</c>.</summary>
    public static JobError? ReadMask(JsonElement? input, out IReadOnlyList<MaskItem> items)
    {
        var read = new List<MaskItem>();
        items = read;
        if (ReadList(input, "mask", out JsonElement list) is { } listError)
        {
            return listError;
        }

        int index = 0;
        foreach (JsonElement element in list.EnumerateArray())
        {
            string at = $"input.mask[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                return JobError.Validation(at, "Each item must be an object {\"token_name\", \"value\"}.");
            }

            if (UnknownField(element, at, "token_name", "value") is { } unknown)
            {
                return unknown;
            }

            if (ReadString(element, "token_name", at, out string? tokenName) is { } nameError)
            {
                return nameError;
            }

            // Any text is a token name ("Person token", "ssn", "Kundennummer"), as docs/api.md says. Control characters are
            // refused: the token is an HMAC over "token_name \0 value", so a NUL in the name could make two items alike.
            if (tokenName!.Length is 0 or > MaxTokenNameLength || tokenName.AsSpan().ContainsAnyInRange('\0', '\x1f'))
            {
                return JobError.Validation($"{at}.token_name", $"'token_name' must be 1..{MaxTokenNameLength} characters of text without control characters.");
            }

            if (ReadString(element, "value", at, out string? value) is { } valueError)
            {
                return valueError;
            }

            if (value!.Length > MaxValueLength)
            {
                return JobError.Validation($"{at}.value", $"'value' must be at most {MaxValueLength} characters.");
            }

            read.Add(new MaskItem(tokenName, value));
        }

        return null;
    }

    /// <summary>Reads <c>{"unmask": [{"token_value"}, …]}</c>. A token of the wrong shape is not an error here: it is simply unknown.</summary>
    public static JobError? ReadUnmask(JsonElement? input, out IReadOnlyList<string> tokens)
    {
        var read = new List<string>();
        tokens = read;
        if (ReadList(input, "unmask", out JsonElement list) is { } listError)
        {
            return listError;
        }

        int index = 0;
        foreach (JsonElement element in list.EnumerateArray())
        {
            string at = $"input.unmask[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                return JobError.Validation(at, "Each item must be an object {\"token_value\"}.");
            }

            if (UnknownField(element, at, "token_value") is { } unknown)
            {
                return unknown;
            }

            if (ReadString(element, "token_value", at, out string? token) is { } tokenError)
            {
                return tokenError;
            }

            if (token!.Length is 0 or > MaxTokenValueLength)
            {
                return JobError.Validation($"{at}.token_value", $"'token_value' must be 1..{MaxTokenValueLength} characters.");
            }

            read.Add(token);
        }

        return null;
    }

    /// <summary>Neither job type takes options.</summary>
    public static JobError? ReadNoOptions(JsonObject options, string type)
    {
        foreach ((string name, _) in options)
        {
            return JobError.Validation($"options.{name}", $"Unknown option '{name}'; {type} takes no options.");
        }

        return null;
    }

    private static JobError? ReadList(JsonElement? input, string name, out JsonElement list)
    {
        list = default;
        if (input is not { ValueKind: JsonValueKind.Object } envelope)
        {
            return JobError.Validation("input", $"The input must be an object {{\"{name}\": [...]}}.");
        }

        if (UnknownField(envelope, "input", name) is { } unknown)
        {
            return unknown;
        }

        if (!envelope.TryGetProperty(name, out list) || list.ValueKind != JsonValueKind.Array)
        {
            return JobError.Validation($"input.{name}", $"'{name}' must be an array of 1..{MaxItems} items.");
        }

        int count = list.GetArrayLength();
        return count is 0 or > MaxItems
            ? JobError.Validation($"input.{name}", $"'{name}' must have 1..{MaxItems} items; it has {count}.")
            : null;
    }

    private static JobError? UnknownField(JsonElement element, string at, params ReadOnlySpan<string> known)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                return JobError.Validation($"{at}.{property.Name}", $"Unknown field '{property.Name}'.");
            }
        }

        return null;
    }

    private static JobError? ReadString(JsonElement element, string name, string at, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out JsonElement property) || property.ValueKind != JsonValueKind.String)
        {
            return JobError.Validation($"{at}.{name}", $"'{name}' must be a string.");
        }

        try
        {
            value = property.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: not text that can be stored or compared.
            return JobError.Validation($"{at}.{name}", $"'{name}' must be valid Unicode text.");
        }
    }
}
