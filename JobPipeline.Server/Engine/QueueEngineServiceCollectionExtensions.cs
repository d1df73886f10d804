using Azure.Storage.Queues;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Extensions.Options;

namespace JobPipeline.Server.Engine;

/// <summary>Registers the server's Storage-queue engine.</summary>
public static class QueueEngineServiceCollectionExtensions
{
    /// <summary>Adds the queue engine and its hosted worker.</summary>
    public static IServiceCollection AddQueueEngine(this IServiceCollection services)
    {
        services.AddOptions<QueueEngineOptions>()
            .BindConfiguration(QueueEngineOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton(sp => sp.GetRequiredService<QueueServiceClient>()
            .GetQueueClient(sp.GetRequiredService<IOptions<JobPipelineOptions>>().Value.Storage.QueueName));
        services.AddSingleton<IJobEngine, QueueJobEngine>();
        services.AddHostedService<QueueWorker>();
        services.AddHostedService<QueueDepthGauge>();
        return services;
    }
}
