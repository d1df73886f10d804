namespace JobPipeline.Processing;

/// <summary>How a result appears inline in the job resource's <c>result</c>.</summary>
public enum ResultForm
{
    /// <summary>The result bytes are JSON and are embedded as that JSON value.</summary>
    Json,

    /// <summary>The result bytes are UTF-8 text and are embedded as one JSON string.</summary>
    Text,
}
