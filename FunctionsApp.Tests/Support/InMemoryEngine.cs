using JobPipeline.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsApp.Tests.Support;

/// <summary>The in-memory engine: <see cref="DurableTaskTestHost"/> with FunctionsApp's tasks.</summary>
public sealed class InMemoryEngine : IDurableTestEngine
{
    private readonly DurableTaskTestHost _host;

    private InMemoryEngine(DurableTaskTestHost host) => _host = host;

    /// <inheritdoc />
    public DurableTaskClient Client => _host.Client;

    /// <inheritdoc />
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts the engine and its worker, whose DI container <paramref name="services"/> fills.</summary>
    public static async Task<InMemoryEngine> StartAsync(Action<IServiceCollection> services, CancellationToken cancellationToken = default)
    {
        DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
            FunctionsAppTasks.Register,
            new DurableTaskTestHostOptions { Port = FreePort.Next(), ConfigureServices = services },
            cancellationToken);
        return new InMemoryEngine(host);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
