using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="JobViewTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class JobViewOnFunctionsTests(ITestOutputHelper output) : JobViewTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;
}
