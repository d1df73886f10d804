using DurableTask.AzureStorage;
using Grpc.Net.Client;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// The Functions host's side of Durable Functions in a test host: <see cref="AzureStorageOrchestrationService"/> under
/// a task hub of its own, served over gRPC by <see cref="TaskHubGrpcServer"/> in a Kestrel on a loopback port (HTTP/2
/// without TLS), as a hosted service of the app whose Durable worker and client connect to it through
/// <see cref="Channel"/>. Stopping it stops the sidecar and deletes the task hub.
/// </summary>
/// <remarks>
/// The port is chosen before the app starts because the worker and client are configured with their channel then; the
/// channel connects on first use, after this service (registered before them) has started.
/// </remarks>
public sealed class DurableSidecar : IHostedService
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly int _port;
    private readonly bool _workerConnects;
    private WebApplication? _sidecar;

    /// <summary>
    /// A sidecar for the task hub of <paramref name="settings"/>, to listen on a free loopback port;
    /// <paramref name="workerConnects"/> tells whether a Durable worker will connect.
    /// </summary>
    public DurableSidecar(AzureStorageOrchestrationServiceSettings settings, bool workerConnects)
    {
        _workerConnects = workerConnects;
        Settings = settings;
        _service = new AzureStorageOrchestrationService(settings);
        _port = FreePort.Next();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_port}");
    }

    /// <summary>The backend's settings.</summary>
    public AzureStorageOrchestrationServiceSettings Settings { get; }

    /// <summary>The channel to the sidecar, for the app's Durable worker and client.</summary>
    public GrpcChannel Channel { get; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();

        // The sidecar starts the backend's dispatchers when a worker connects and stops them when it stops; with no
        // worker it only serves the client (orchestrations stay pending), or it would stop a backend never started.
        _sidecar = TaskHubSidecar.Build(_service, _port, _workerConnects ? TaskHubGrpcServerMode.ApiServerAndDispatcher : TaskHubGrpcServerMode.ApiServerOnly);
        await _sidecar.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_workerConnects)
        {
            // The sidecar starts the backend once the worker has connected, in the background, and stops it when the
            // sidecar stops; a stop that overtakes that start fails in the backend (a null reference on a thread-pool
            // callback, which ends the test process). So an app stopped at once still waits for its backend to be up.
            try
            {
                await WaitUntilStartedAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                // Stop anyway: the app is going away.
            }
        }

        await Channel.ShutdownAsync();
        Channel.Dispose();
        if (_sidecar is not null)
        {
            await DurableBackendStop.StopAndDeleteAsync(_sidecar, _service, cancellationToken);
        }
        else
        {
            await _service.DeleteAsync();
        }
    }

    /// <summary>
    /// Waits (bounded) until the backend has started, which the sidecar does once a worker has connected; the backend
    /// reports that only in a private field.
    /// </summary>
    public async Task WaitUntilStartedAsync(TimeSpan bound)
    {
        DateTime deadline = DateTime.UtcNow + bound;
        while (!DurableBackendStop.IsRunning(_service))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Durable backend of task hub {Settings.TaskHubName} did not start within {bound.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
