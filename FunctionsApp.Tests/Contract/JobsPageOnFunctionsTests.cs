using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>
/// The cases of <see cref="JobsPageTests"/> against FunctionsApp under the emulated Functions host
/// (<see cref="FunctionsHost"/>): the same embedded bytes with the same headers as JobPipeline.Server.
/// </summary>
public sealed class JobsPageOnFunctionsTests(ITestOutputHelper output) : JobsPageTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;
}
