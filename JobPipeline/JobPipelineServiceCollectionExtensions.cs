using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using JobPipeline.Engine;
using JobPipeline.Http;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Processing.JsonFormat;
using JobPipeline.Processing.Extract;
using JobPipeline.Processing.Redaction;
using JobPipeline.Processing.TokenVault;
using JobPipeline.Retention;
using JobPipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobPipeline;

/// <summary>The one registration call both hosts make.</summary>
public static class JobPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything of JobPipeline but the engine: options (bound from <c>JobPipeline</c>, validated at start),
    /// storage clients, the projection, the steps, the HTTP handlers' services and the shipped job types. The host adds
    /// its <see cref="IJobEngine"/>.
    /// </summary>
    public static IServiceCollection AddJobPipeline(this IServiceCollection services)
    {
        services.AddOptions<JobPipelineOptions>()
            .BindConfiguration(JobPipelineOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobPipelineOptions>, RenamedSettingsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.JobMetrics>();

        services.TryAddSingleton(sp => CreateTableService(Storage(sp), sp.GetRequiredService<Telemetry.JobMetrics>()));
        services.TryAddSingleton(sp => CreateBlobService(Storage(sp), sp.GetRequiredService<Telemetry.JobMetrics>()));
        services.TryAddSingleton(sp => CreateQueueService(Storage(sp), sp.GetRequiredService<Telemetry.JobMetrics>()));
        services.TryAddSingleton<JobChanges>();
        services.TryAddSingleton(sp => new JobTable(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(Storage(sp).JobsTableName),
            sp.GetRequiredService<JobChanges>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JobIndexTable(sp.GetRequiredService<TableServiceClient>().GetTableClient(Storage(sp).IndexTableName)));
        services.TryAddSingleton(sp => new JobBlobs(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(Storage(sp).ContainerName),
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<JobProcessorCatalog>();
        services.TryAddSingleton<JobCancellations>();
        services.TryAddSingleton<TenantJobSlots>();
        services.TryAddSingleton<TerminalJobCache>();
        services.TryAddSingleton(CreateSteps);
        services.TryAddSingleton<Remote.RemoteDocuments>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<JobQueries>();
        services.TryAddSingleton<JobControl>();
        services.TryAddSingleton<JobWaiters>();
        services.TryAddSingleton(CreateSweeper);
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<TenantRateLimiter>();
        services.TryAddSingleton<FailedAuthenticationThrottle>();
        services.TryAddSingleton<PublicUrls>();
        services.TryAddSingleton<ContinuationToken>();
        services.TryAddSingleton<StorageHealthProbe>();
        services.TryAddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.TryAddSingleton<LargeBodyGate>();
        services.TryAddSingleton<JobsApiServices>();
        services.TryAddSingleton<Webhooks.WebhookTenants>();
        services.TryAddSingleton<Webhooks.CallbackOutbox>();
        services.TryAddSingleton<Webhooks.WebhookSender>();
        services.TryAddSingleton(CreateDispatcher);
        services.AddHostedService<Webhooks.WebhookDeliveryService>();

        // The job types that ship.
        services.AddJsonFormat();
        services.AddTokenVault();
        services.AddRedaction();
        services.AddExtract();
        return services;
    }

    // The engine port's steps, the sweep and the webhook dispatcher are public (a host runs them); their constructors
    // take internal storage types, so they are built here rather than by the container's reflection.
    private static JobSteps CreateSteps(IServiceProvider sp) => new(
        sp.GetRequiredService<JobTable>(),
        sp.GetRequiredService<JobIndexTable>(),
        sp.GetRequiredService<JobBlobs>(),
        sp.GetRequiredService<JobProcessorCatalog>(),
        sp.GetRequiredService<JobCancellations>(),
        sp.GetRequiredService<TenantJobSlots>(),
        sp.GetRequiredService<IOptions<JobPipelineOptions>>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobSteps>>(),
        sp.GetService<IJobDataSealer>(),
        sp.GetService<Remote.RemoteDocuments>(),
        sp.GetService<Telemetry.JobMetrics>(),
        sp.GetService<Webhooks.CallbackOutbox>(),
        sp.GetService<Webhooks.WebhookDispatcher>());

    private static RetentionSweeper CreateSweeper(IServiceProvider sp) => new(
        sp.GetRequiredService<JobTable>(),
        sp.GetRequiredService<JobIndexTable>(),
        sp.GetRequiredService<JobBlobs>(),
        sp.GetRequiredService<IJobEngine>(),
        sp.GetRequiredService<TerminalJobCache>(),
        sp.GetRequiredService<IOptions<JobPipelineOptions>>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RetentionSweeper>>());

    private static Webhooks.WebhookDispatcher CreateDispatcher(IServiceProvider sp) => new(
        sp.GetRequiredService<JobTable>(),
        sp.GetRequiredService<JobBlobs>(),
        sp.GetRequiredService<Webhooks.CallbackOutbox>(),
        sp.GetRequiredService<Webhooks.WebhookTenants>(),
        sp.GetRequiredService<Webhooks.WebhookSender>(),
        sp.GetRequiredService<TerminalJobCache>(),
        sp.GetRequiredService<IOptions<JobPipelineOptions>>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Webhooks.WebhookDispatcher>>());

    private static StorageOptions Storage(IServiceProvider services) =>
        services.GetRequiredService<IOptions<JobPipelineOptions>>().Value.Storage;

    private static T Configure<T>(T options, StorageOptions storage, Telemetry.JobMetrics metrics, string service)
        where T : ClientOptions
    {
        // Counted per attempt, so a storage in trouble shows even when the retries below hide it from the caller.
        options.AddPolicy(new Telemetry.StorageErrorPolicy(metrics, service), HttpPipelinePosition.PerRetry);
        // Every storage call gets a timeout and a bounded retry, so a hung emulator or network never hangs a request.
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = storage.MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = storage.NetworkTimeout;
        return options;
    }

    private static TableServiceClient CreateTableService(StorageOptions storage, Telemetry.JobMetrics metrics) =>
        string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? new TableServiceClient(storage.TableServiceUri!, new DefaultAzureCredential(), Configure(new TableClientOptions(), storage, metrics, "table"))
            : new TableServiceClient(storage.ConnectionString, Configure(new TableClientOptions(), storage, metrics, "table"));

    private static BlobServiceClient CreateBlobService(StorageOptions storage, Telemetry.JobMetrics metrics) =>
        string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? new BlobServiceClient(storage.BlobServiceUri!, new DefaultAzureCredential(), Configure(new BlobClientOptions(), storage, metrics, "blob"))
            : new BlobServiceClient(storage.ConnectionString, Configure(new BlobClientOptions(), storage, metrics, "blob"));

    private static QueueServiceClient CreateQueueService(StorageOptions storage, Telemetry.JobMetrics metrics) =>
        string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? new QueueServiceClient(storage.QueueServiceUri!, new DefaultAzureCredential(), Configure(new QueueClientOptions(), storage, metrics, "queue"))
            : new QueueServiceClient(storage.ConnectionString, Configure(new QueueClientOptions(), storage, metrics, "queue"));
}
