using FunctionsApp.Tests.Hosting;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="IdempotencyTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class IdempotencyOnFunctionsTests : IdempotencyTests
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;
}
