using DurableTask.AzureStorage;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// Durable Functions' production storage engine in the tests: <see cref="AzureStorageOrchestrationService"/> on a
/// storage account (the tests' Azurite) under a task hub of its own, served to an isolated-worker style Durable Task
/// worker and client (Microsoft.DurableTask.Worker.Grpc / Client.Grpc) by the InProcessTestHost package's public gRPC
/// sidecar, <see cref="TaskHubGrpcServer"/>, in a Kestrel on a free loopback port speaking HTTP/2 without TLS. This is
/// the shape of Durable Functions: the Functions host runs the backend and the gRPC endpoint, the worker process runs
/// the orchestrator and activity code.
/// </summary>
/// <remarks>
/// The backend runs with the repository's <c>host.json</c> (see <see cref="TestSettings"/>). Disposing
/// stops the worker and the sidecar and deletes the task hub (its queues, tables and blob containers).
/// </remarks>
public sealed class DurableStorageHost : IDurableTestEngine
{
    private readonly WebApplication _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;
    private readonly AzureStorageOrchestrationService _service;

    private DurableStorageHost(
        WebApplication sidecar, IHost worker, GrpcChannel channel, AzureStorageOrchestrationService service, AzureStorageOrchestrationServiceSettings settings, Uri address)
    {
        Settings = settings;
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        _service = service;
        Address = address;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <inheritdoc />
    public DurableTaskClient Client { get; }

    /// <inheritdoc />
    public IServiceProvider Services => _worker.Services;

    /// <summary>The sidecar's gRPC address (another worker or client may connect to it too).</summary>
    public Uri Address { get; }

    /// <summary>Whether the backend has started (once the worker connected) and not yet finished stopping.</summary>
    public bool BackendRunning => DurableBackendStop.IsRunning(_service);

    /// <summary>The backend's settings in force.</summary>
    public AzureStorageOrchestrationServiceSettings Settings { get; }

    /// <summary>
    /// The settings the tests run the backend with: what the repository's <c>host.json</c> decides, mapped as the
    /// Durable extension maps it (<see cref="DurableHostJson"/>: partitions, batch sizes, the idle queue poll's
    /// back-off, concurrency), so the tests run what ships; plus what the Functions host would decide for one
    /// worker: no app lease (there is no other app to take the hub over from) and a worker id of its own.
    /// </summary>
    public static AzureStorageOrchestrationServiceSettings TestSettings(string connectionString, string taskHub, ILoggerFactory? loggers = null)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = taskHub,
            UseAppLease = false,
            WorkerId = $"{taskHub}-worker",
            LoggerFactory = loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        };
        DurableHostJson.Shipped().ApplyTo(settings);
        return settings;
    }

    /// <summary>
    /// Creates the task hub <paramref name="taskHub"/> on <paramref name="connectionString"/>'s account, starts the
    /// sidecar and a worker that runs the tasks of <paramref name="registry"/> (FunctionsApp's by default) with the
    /// services that <paramref name="services"/> adds.
    /// </summary>
    public static async Task<DurableStorageHost> StartAsync(
        string connectionString,
        string taskHub,
        Action<IServiceCollection>? services = null,
        Action<DurableTaskRegistry>? registry = null,
        Action<AzureStorageOrchestrationServiceSettings>? configure = null,
        CancellationToken cancellationToken = default)
    {
        AzureStorageOrchestrationServiceSettings settings = TestSettings(connectionString, taskHub);
        configure?.Invoke(settings);
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        WebApplication sidecar = TaskHubSidecar.Build(service, port: 0);
        await sidecar.StartAsync(cancellationToken);
        var address = new Uri(sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

        var channel = GrpcChannel.ForAddress(address);
        HostApplicationBuilder workerBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        services?.Invoke(workerBuilder.Services);
        workerBuilder.Services.AddLogging();
        workerBuilder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(registry ?? FunctionsAppTasks.Register);
        });
        workerBuilder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        IHost worker = workerBuilder.Build();
        await worker.StartAsync(cancellationToken);

        return new DurableStorageHost(sidecar, worker, channel, service, settings, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync();
        _worker.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
        await DurableBackendStop.StopAndDeleteAsync(_sidecar, _service);
    }
}
