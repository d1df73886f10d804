using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace JobPipeline.Tests.Jobs;

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
