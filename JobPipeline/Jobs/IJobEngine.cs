namespace JobPipeline.Jobs;

/// <summary>
/// The port through which a host executes jobs durably: Durable Functions orchestrations in the Functions app,
/// a Storage queue and hosted workers in the server.
/// </summary>
public interface IJobEngine
{
    /// <summary>Hands a job to the engine; it will run <see cref="JobWorkflow"/> for it at least once.</summary>
    Task StartAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>Stops a job's execution; the projection is already <c>canceled</c>.</summary>
    Task CancelAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything the engine keeps about a job (history, messages).</summary>
    Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>What the engine knows about a job's execution, or null when it cannot tell.</summary>
    Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default);
}
