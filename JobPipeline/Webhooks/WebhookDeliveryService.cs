using JobPipeline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Webhooks;

/// <summary>
/// Runs <see cref="WebhookDispatcher"/> in every host: once storage is ready, a sweep whenever a job ends in this process
/// and at least every <see cref="WebhookOptions.PollInterval"/> (retries, and deliveries another instance left).
/// </summary>
internal sealed partial class WebhookDeliveryService(
    WebhookDispatcher dispatcher,
    StorageInitializer storage,
    IOptions<JobPipelineOptions> options,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.Ready.WaitAsync(stoppingToken);
        TimeSpan interval = options.Value.Webhooks.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await dispatcher.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e);
                more = false;
            }

            if (!more)
            {
                await dispatcher.WaitAsync(interval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook sweep failed; it runs again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
