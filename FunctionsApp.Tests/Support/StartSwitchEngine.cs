using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// Fault injection over FunctionsApp's <c>DurableJobEngine</c>: while <see cref="DropStarts"/> is set, starting a job
/// is lost (the row is written, the engine never hears of the job); everything else passes through.
/// </summary>
public sealed class StartSwitchEngine(IJobEngine inner) : IJobEngine
{
    /// <summary>Whether <see cref="StartAsync"/> is lost.</summary>
    public bool DropStarts { get; set; }

    /// <inheritdoc />
    public Task StartAsync(JobRef job, CancellationToken cancellationToken = default) =>
        DropStarts ? Task.CompletedTask : inner.StartAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task CancelAsync(JobRef job, CancellationToken cancellationToken = default) => inner.CancelAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task ForgetAsync(JobRef job, CancellationToken cancellationToken = default) => inner.ForgetAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task<EngineJobState?> GetStateAsync(JobRef job, CancellationToken cancellationToken = default) => inner.GetStateAsync(job, cancellationToken);
}
