using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Support;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// Stopping the Azure Storage engine's test host: the task hub is deleted only after the backend has stopped (see
/// <see cref="DurableBackendStop"/>: deleting it earlier left the backend's lease loop to end the test process ten
/// minutes later).
/// </summary>
public sealed class AzureStorageShutdownTests
{
    [Fact]
    public async Task Disposing_the_host_returns_only_after_its_backend_has_stopped()
    {
        Azurite azurite = await Azurite.Shared;
        DurableStorageHost host = await DurableStorageHost.StartAsync(azurite.ConnectionString, Azurite.UniqueName("hub"));
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!host.BackendRunning && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        bool startedBeforeDispose = host.BackendRunning;
        await host.DisposeAsync();

        Assert.True(startedBeforeDispose, "The backend did not start within 60 s of the worker connecting.");
        Assert.False(host.BackendRunning);
    }
}
