using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobPipeline.Storage;

/// <summary>
/// Creates the tables, the container and the engine's storage (<see cref="IJobEngine.InitializeAsync"/>) at start,
/// before the host serves requests. Storage that is not reachable yet does not stop the host: it keeps trying in the
/// background, and requests answer 503 until it is there.
/// </summary>
internal sealed partial class StorageInitializer(JobTable jobs, JobIndexTable index, JobBlobs blobs, IJobEngine engine, ILogger<StorageInitializer> logger) : BackgroundService
{
    /// <summary>Completes once the storage exists.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Whether the storage exists; until then every route answers 503 (<see cref="Http.ApiEndpoint"/>).</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Try once before the host starts serving, so a healthy start is ready at once.
        await TryCreateAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!_ready.Task.IsCompleted && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            await TryCreateAsync(stoppingToken);
        }
    }

    private async Task TryCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await jobs.CreateIfNotExistsAsync(cancellationToken);
            await index.CreateIfNotExistsAsync(cancellationToken);
            await blobs.CreateIfNotExistsAsync(cancellationToken);
            await engine.InitializeAsync(cancellationToken);
            _ready.TrySetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotReady(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not ready yet: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string reason);
}
