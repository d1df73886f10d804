using JobPipeline.Engine;
using Microsoft.DurableTask.Client;

namespace FunctionsApp.Engine;

/// <summary>
/// The <see cref="DurableTaskClient"/> of the function invocation that is running.
/// </summary>
/// <remarks>
/// Why this exists: in the isolated worker a <see cref="DurableTaskClient"/> is handed out only as a
/// <c>[DurableClient]</c> function parameter. The Durable extension registers no client in DI (its client provider is
/// internal and needs the gRPC endpoint that the host sends with each invocation), while JobPipeline's services are
/// singletons that take an <see cref="JobPipeline.Engine.IJobEngine"/>. So every function that may reach the engine
/// takes the bound client and runs its work inside <see cref="RunAsync{T}"/>; <see cref="DurableJobEngine"/> reads it
/// back. An <see cref="AsyncLocal{T}"/> keeps concurrent invocations apart and ends with the invocation.
/// </remarks>
internal static class DurableClientAccessor
{
    private static readonly AsyncLocal<DurableTaskClient?> CurrentClient = new();

    /// <summary>The client bound to the running invocation, or null outside one.</summary>
    public static DurableTaskClient? Current => CurrentClient.Value;

    /// <summary>Runs <paramref name="work"/> with <paramref name="client"/> as the invocation's client.</summary>
    public static async Task<T> RunAsync<T>(DurableTaskClient client, Func<Task<T>> work)
    {
        // Set inside an async method: the value flows into the work and is gone again when this method returns.
        CurrentClient.Value = client;
        return await work();
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public static async Task RunAsync(DurableTaskClient client, Func<Task> work)
    {
        CurrentClient.Value = client;
        await work();
    }
}
