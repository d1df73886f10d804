using System.Reflection;
using DurableTask.AzureStorage;
using Microsoft.AspNetCore.Builder;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// Stops a Durable Task sidecar and its Azure Storage backend, then deletes the task hub, in an order that lets the
/// backend finish stopping before its storage goes away.
/// </summary>
/// <remarks>
/// The sidecar (<c>TaskHubGrpcServer</c>) stops the backend from an <c>ApplicationStopping</c> callback that is an
/// <c>async void</c>: the web app's <c>StopAsync</c> returns while the backend is still draining its control queue and
/// releasing its partition leases. Deleting the task hub at that moment deletes the lease table under it, so the
/// backend's lease loop never sees its leases released; ten minutes later it throws a <see cref="TimeoutException"/>
/// on the thread pool, which ends the whole test process ("Test host process crashed"). That only shows when the
/// process lives ten more minutes, i.e. on a loaded machine. So this waits until the backend reports itself stopped;
/// if it has not within <see cref="StopBound"/> (a work item that waits for a worker already gone), it stops the
/// backend itself with <c>isForced</c>, which drops its sessions; the sidecar's own stop then finds the leases released
/// and returns at once.
/// </remarks>
public static class DurableBackendStop
{
    /// <summary>
    /// How long the sidecar's own stop of the backend is given before it is forced. A stop that waits for a work item
    /// of a worker already gone never ends by itself, and every test that ends with an orchestration in flight (a
    /// terminated, canceled or deleted job) waited the whole bound; forcing is safe (the task hub is deleted next), so
    /// the bound is short, yet long enough for a stop that drains on a loaded machine to finish on its own.
    /// </summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    private static readonly FieldInfo StartedField =
        typeof(AzureStorageOrchestrationService).GetField("isStarted", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("AzureStorageOrchestrationService has no isStarted field any more: revisit DurableBackendStop.");

    /// <summary>Whether <paramref name="service"/> has started and not yet finished stopping.</summary>
    public static bool IsRunning(AzureStorageOrchestrationService service) => (bool)StartedField.GetValue(service)!;

    /// <summary>
    /// Stops <paramref name="sidecar"/>, waits until <paramref name="service"/> (the backend it serves) has stopped
    /// (forcing it after <see cref="StopBound"/>), disposes the sidecar and deletes the task hub.
    /// </summary>
    public static async Task StopAndDeleteAsync(WebApplication sidecar, AzureStorageOrchestrationService service, CancellationToken cancellationToken = default)
    {
        await sidecar.StopAsync(cancellationToken);
        await WaitStoppedAsync(service);
        await sidecar.DisposeAsync();
        await service.DeleteAsync();
    }

    private static async Task WaitStoppedAsync(AzureStorageOrchestrationService service)
    {
        DateTime deadline = DateTime.UtcNow + StopBound;
        while (IsRunning(service))
        {
            if (DateTime.UtcNow > deadline)
            {
                try
                {
                    await service.StopAsync(isForced: true);
                }
                catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
                {
                    // The sidecar's own stop got there at the same moment; the leases are released either way.
                }

                return;
            }

            await Task.Delay(50);
        }
    }
}
