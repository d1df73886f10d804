using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Support;
using JobPipeline.Tests.Telemetry;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>
/// The cases of <see cref="TelemetryTests"/> against FunctionsApp under the emulated Functions host
/// (<see cref="FunctionsHost"/>): the Durable path, where the steps run as activities of the job's orchestration.
/// </summary>
public sealed class TelemetryOnFunctionsTests(ITestOutputHelper output) : TelemetryTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;
}
