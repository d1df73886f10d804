using System.Net;
using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;

namespace FunctionsApp.Tests.Contract;

/// <summary>
/// What the emulated Functions host answers itself: a route or method that no function of functions.metadata declares
/// gets the host's empty 404 and never reaches FunctionsApp (the server answers these with the error envelope, see
/// <see cref="RoutingErrorTests"/> and docs/functions.md).
/// </summary>
public sealed class FunctionsHostRoutingTests : IAsyncLifetime
{
    private PipelineFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: FunctionsHost.Instance);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/no-such-route")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/api/health")]
    [InlineData("PUT", "/api/jobs/status")]
    [InlineData("DELETE", "/api/operations/00000000000000000000000000")]
    public async Task A_route_or_method_no_function_declares_gets_the_hosts_empty_404_and_writes_nothing(string method, string path)
    {
        HttpClient client = _app.Client();
        StorageCounts before = await StorageCounts.ReadAsync(_app);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("x-request-id"));
        Assert.Equal(before, await StorageCounts.ReadAsync(_app));
    }
}
