namespace JobPipeline.Processing.JsonFormat;

/// <summary>
/// Receives the tokens of a JSON text, each with its raw text as it appeared in the input
/// (strings and names without their quotes, escapes untouched).
/// </summary>
internal interface IJsonTokenSink
{
    void StartObject();

    void EndObject();

    void StartArray();

    void EndArray();

    /// <summary>A member name; <paramref name="sortKey"/> is the unescaped UTF-8 name.</summary>
    void PropertyName(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> sortKey);

    /// <summary>A string value (raw, without quotes).</summary>
    void String(ReadOnlySpan<byte> raw);

    /// <summary>A number, <c>true</c>, <c>false</c> or <c>null</c>, exactly as written.</summary>
    void Literal(ReadOnlySpan<byte> raw);
}
