using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="BatchStatusTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class BatchStatusOnFunctionsTests(ITestOutputHelper output) : BatchStatusTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;
}
