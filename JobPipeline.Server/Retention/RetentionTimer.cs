using JobPipeline.Jobs;
using JobPipeline.Retention;
using Microsoft.Extensions.Options;

namespace JobPipeline.Server.Retention;

/// <summary>
/// Runs the <see cref="RetentionSweeper"/> every <see cref="JobPipelineOptions.RetentionSweepInterval"/> (the server's
/// counterpart of the Functions app's timer trigger). A failing sweep is logged and the next tick tries again; every
/// instance may run it, since sweeps are safe to run at once.
/// </summary>
public sealed partial class RetentionTimer(
    RetentionSweeper sweeper,
    IOptions<JobPipelineOptions> options,
    TimeProvider time,
    ILogger<RetentionTimer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sweeper.SweepAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep failed; it runs again at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
