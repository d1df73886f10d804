using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public sealed class RoutingErrorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/no-such-route", 404, "NOT_FOUND")]
    [InlineData("GET", "/", 404, "NOT_FOUND")]
    [InlineData("POST", "/api/health", 405, "METHOD_NOT_ALLOWED")]
    [InlineData("PUT", "/api/jobs/status", 405, "METHOD_NOT_ALLOWED")]
    [InlineData("DELETE", "/api/operations/00000000000000000000000000", 405, "METHOD_NOT_ALLOWED")]
    public async Task The_servers_own_404_and_405_answer_the_error_envelope_with_or_without_a_key(string method, string path, int status, string code)
    {
        foreach (string? key in new[] { PipelineFactory.KeyA, null })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);

            HttpResponseMessage response = await _server.Client(key).SendAsync(request);

            Assert.Equal((HttpStatusCode)status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
            Assert.Equal(code, error["code"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
            Assert.Equal(response.Headers.GetValues("x-request-id").Single(), error["request_id"]!.GetValue<string>());
            Assert.NotNull(error["details"]);
        }
    }
}
