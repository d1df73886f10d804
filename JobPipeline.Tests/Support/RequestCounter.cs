using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace JobPipeline.Tests.Support;

/// <summary>Records every request a storage client sends (method and path), to check what an operation touched.</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

    public IReadOnlyList<(string Method, string Path)> Requests => [.. _requests];

    /// <summary>When set and true for a request, the request fails with a 503 before it is sent (no SDK retry: this policy runs per call).</summary>
    public Func<HttpMessage, bool>? Fault { get; set; }

    public void Clear() => _requests.Clear();

    /// <summary>Requests whose path is under <paramref name="table"/> (entity reads, writes and queries of that table).</summary>
    public IReadOnlyList<(string Method, string Path)> To(string table) =>
        [.. Requests.Where(r => r.Path.Contains($"/{table}(", StringComparison.Ordinal) || r.Path.EndsWith($"/{table}()", StringComparison.Ordinal) || r.Path.EndsWith($"/{table}", StringComparison.Ordinal))];

    /// <summary>
    /// The body of an entity-group transaction (<c>POST …/$batch</c>) as text, or null for any other request: a job
    /// row's status change is written in one with its tenant's counts (<c>JobCounters</c>), so what it writes shows
    /// only in its sub-requests (<c>POST …/jobs HTTP/1.1</c> for an insert, <c>PUT</c>/<c>DELETE</c> for the rest).
    /// </summary>
    public static string? BatchText(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Post || !message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) || message.Request.Content is null)
        {
            return null;
        }

        using var body = new MemoryStream();
        message.Request.Content.WriteTo(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>Whether a transaction's body (<see cref="BatchText"/>) inserts a row into <paramref name="table"/>.</summary>
    public static bool InsertsInto(string batch, string table) =>
        System.Text.RegularExpressions.Regex.IsMatch(batch, $@"^POST \S*/{System.Text.RegularExpressions.Regex.Escape(table)}(\?\S*)? HTTP/1\.1\r?$", System.Text.RegularExpressions.RegexOptions.Multiline);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        _requests.Enqueue((message.Request.Method.ToString(), Uri.UnescapeDataString(message.Request.Uri.Path)));
        if (Fault?.Invoke(message) == true)
        {
            throw new RequestFailedException(503, "Injected storage fault.");
        }
    }
}
