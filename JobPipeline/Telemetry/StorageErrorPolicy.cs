using Azure.Core;
using Azure.Core.Pipeline;

namespace JobPipeline.Telemetry;

/// <summary>
/// Counts the storage calls that failed (no answer, 408, 429, 5xx) into <see cref="JobMetrics"/>, per attempt, in every
/// storage client JobPipeline creates, with the storage endpoint's host and port. The answers that are part of normal work (404, 409, 412) are not errors.
/// </summary>
internal sealed class StorageErrorPolicy(JobMetrics metrics, string service) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception e) when (e is not OperationCanceledException || !message.CancellationToken.IsCancellationRequested)
        {
            metrics.StorageError(service, 0, message.Request.Uri.Host, message.Request.Uri.Port);
            throw;
        }

        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        catch (Exception e) when (e is not OperationCanceledException || !message.CancellationToken.IsCancellationRequested)
        {
            metrics.StorageError(service, 0, message.Request.Uri.Host, message.Request.Uri.Port);
            throw;
        }

        Count(message);
    }

    private void Count(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Status is 408 or 429 or >= 500)
        {
            metrics.StorageError(service, message.Response.Status, message.Request.Uri.Host, message.Request.Uri.Port);
        }
    }
}
