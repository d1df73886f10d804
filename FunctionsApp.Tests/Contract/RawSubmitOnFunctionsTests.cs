using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="RawSubmitTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class RawSubmitOnFunctionsTests(ITestOutputHelper output) : RawSubmitTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.QueueMessage)]
    public override Task The_queue_message_carries_only_the_job_reference_never_the_input() => Task.CompletedTask;
}
