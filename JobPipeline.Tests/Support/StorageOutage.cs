using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Support;

/// <summary>
/// An outage of one job's storage, injected into the storage clients' pipelines: once <see cref="Begin"/> is called,
/// every table and blob request that names the job (its row, its index entry, its blobs) fails as a refused
/// connection does, through the SDK's own retries, until a given number of requests has been refused; then storage
/// answers again and <see cref="Over"/> completes. The end is counted in refused requests, not in time, so the outage
/// outlasts a step's retries on a loaded machine as on an idle one.
/// </summary>
public sealed class StorageOutage : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _over = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _jobId;
    private int _refused;
    private int _endAfter;

    /// <summary>Completes once the outage is over.</summary>
    public Task Over => _over.Task;

    /// <summary>How many requests the outage refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Starts refusing the requests of <paramref name="jobId"/>, up to <paramref name="requests"/> of them.</summary>
    public void Begin(string jobId, int requests)
    {
        Volatile.Write(ref _endAfter, requests);
        Volatile.Write(ref _jobId, jobId);
    }

    /// <summary>Registers table and blob clients for <paramref name="connectionString"/> with this outage in their pipelines (one retry each, as a storage client with a short retry policy).</summary>
    public void AddTo(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new TableServiceClient(connectionString, Configure(new TableClientOptions())));
        services.AddSingleton(_ => new BlobServiceClient(connectionString, Configure(new BlobClientOptions())));
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        RefuseIfOut(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        RefuseIfOut(message);
        return ProcessNextAsync(message, pipeline);
    }

    private T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }

    private void RefuseIfOut(HttpMessage message)
    {
        string? jobId = Volatile.Read(ref _jobId);
        if (jobId is null || !message.Request.Uri.ToUri().AbsoluteUri.Contains(jobId, StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _refused) >= Volatile.Read(ref _endAfter))
        {
            Volatile.Write(ref _jobId, null);
            _over.TrySetResult();
        }

        // What the SDK's HTTP transport throws when nothing listens: status 0 around the socket error.
        throw new RequestFailedException(0, "Connection refused (injected outage)", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
    }
}
