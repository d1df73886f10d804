using JobPipeline.Jobs;

namespace JobPipeline.Engine;

/// <summary>
/// The port through which a host executes jobs durably: Durable Functions orchestrations in the Functions app,
/// a Storage queue and hosted workers in the server.
/// </summary>
public interface IJobEngine
{
    /// <summary>
    /// Creates what the engine keeps in storage (the server's job queue). Called with the rest of storage before the
    /// host serves requests, so that no submit can reach an engine that is not there yet. Does nothing by default.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Hands a job to the engine; it will run <see cref="JobWorkflow"/> for it at least once.</summary>
    Task StartAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called once the job's row is written, after <see cref="StartAsync"/>: an engine that can begin at once may do so
    /// now without first missing the row. Does nothing by default.
    /// </summary>
    Task AcceptedAsync(JobRef job, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Stops a job's execution; the projection is already <c>canceled</c>.</summary>
    Task CancelAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything the engine keeps about a job (history, messages).</summary>
    Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default);

    /// <summary>What the engine knows about a job's execution, or null when it cannot tell.</summary>
    Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default);
}
