using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>The cases of <see cref="OpenApiTests"/> against FunctionsApp under the emulated Functions host (<see cref="FunctionsHost"/>).</summary>
public sealed class OpenApiOnFunctionsTests(ITestOutputHelper output) : OpenApiTests(output)
{
    /// <inheritdoc />
    protected override PipelineHost? Host => FunctionsHost.Instance;

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.EndpointTable)]
    public override void Every_route_the_server_maps_is_in_the_document_with_its_method()
    {
    }

    /// <inheritdoc />
    [Fact(Skip = ServerOnly.HostAnsweredErrors)]
    public override Task Error_responses_match_the_ErrorResponse_schema() => base.Error_responses_match_the_ErrorResponse_schema();
}
