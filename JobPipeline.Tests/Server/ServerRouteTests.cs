using JobPipeline.Http;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Server;

/// <summary>The server's side of route parity (FunctionsApp.Tests checks the Functions app's generated metadata).</summary>
public sealed class ServerRouteTests
{
    [Fact]
    public async Task The_server_maps_exactly_the_routes_of_the_api()
    {
        await using var server = new PipelineFactory(await Azurite.Shared);
        _ = server.Server;
        string[] expected = [.. JobsApi.Routes.Select(r => $"{r.Method} /api/{r.Route}").Order()];

        string[] mapped =
        [
            .. server.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
                .Order(),
        ];

        Assert.Equal(expected, mapped);
    }
}
