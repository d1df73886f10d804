using Azure.Data.Tables;
using JobPipeline.Http;

namespace JobPipeline.Storage;

/// <summary>
/// Whether storage answers, as <c>GET /api/health</c> reports it. One probe (a point read of the jobs table) serves
/// every health request for <see cref="CacheFor"/>, and concurrent requests share the probe in flight, so that health
/// checks, however many, never turn into one storage call per request.
/// </summary>
internal sealed class StorageHealthProbe(JobTable jobs, TimeProvider time)
{
    /// <summary>How long a probe's answer is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private Task<bool>? _probe;
    private DateTimeOffset _probedAt;

    /// <summary>True when storage answered the latest probe; a new probe only when the last one is older than <see cref="CacheFor"/>.</summary>
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        Task<bool> probe;
        lock (_lock)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (_probe is null || (_probe.IsCompleted && now - _probedAt >= CacheFor))
            {
                _probe = ProbeAsync();
                _probedAt = now;
            }

            probe = _probe;
        }

        // The probe belongs to no request: a caller that goes away stops waiting, not the probe the others share.
        return probe.WaitAsync(cancellationToken);
    }

    private async Task<bool> ProbeAsync()
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await jobs.Client.GetEntityIfExistsAsync<TableEntity>("health", "probe", ["PartitionKey"], timeout.Token);
            return true;
        }
        catch (Exception e) when (ApiEndpoint.IsStorageUnavailable(e) || e is OperationCanceledException or Azure.RequestFailedException)
        {
            return false;
        }
    }
}
