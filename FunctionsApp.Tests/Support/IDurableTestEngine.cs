using Microsoft.DurableTask.Client;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// A running Durable Task engine with a worker that runs FunctionsApp's orchestrator and activities, and a client of it.
/// </summary>
public interface IDurableTestEngine : IAsyncDisposable
{
    /// <summary>The client, bound as <c>[DurableClient]</c> into FunctionsApp's functions.</summary>
    DurableTaskClient Client { get; }

    /// <summary>The worker host's services: JobPipeline's DI container, as in the Functions worker.</summary>
    IServiceProvider Services { get; }
}
