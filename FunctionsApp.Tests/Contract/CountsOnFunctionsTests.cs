using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="CountsTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class CountsOnFunctionsTests(ITestOutputHelper output) : CountsTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.SweepOutsideFunction)]
    public override Task Expiry_moves_counts_to_expired_and_deleting_the_stubs_leaves_no_counter_row() => Task.CompletedTask;
}
