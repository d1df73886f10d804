using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="CancelAndDeleteTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class CancelAndDeleteOnFunctionsTests(ITestOutputHelper output) : CancelAndDeleteTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.QueueHandOver)]
    public override Task A_canceled_queued_job_never_starts_even_when_a_worker_comes_up() => Task.CompletedTask;

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.QueueHandOver)]
    public override Task A_deleted_queued_job_is_never_run_nor_brought_back_by_a_worker() => Task.CompletedTask;
}
