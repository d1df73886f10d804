using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using JobPipeline.Server.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

public sealed class StartupTests(ITestOutputHelper output)
{
    public static TheoryData<string, string?> InvalidSettings => new()
    {
        { "JobPipeline:Storage:ConnectionString", "" },
        { "JobPipeline:Storage:JobsTableName", "bad-name!" },
        { "JobPipeline:Storage:ContainerName", "Upper" },
        { "JobPipeline:Storage:QueueName", "a" },
        { "JobPipeline:InlineResultMaxBytes", "70000" },
        { "JobPipeline:SasLifetime", "00:00:01" },
        { "JobPipeline:JobRowWait", "2.00:00:00" },
        { "JobPipeline:ApiKeys:0:KeySha256", "not-a-hash" },
        { "JobPipeline:ApiKeys:0:Tenant", "Tenant With Spaces" },
        { "JobPipeline:Worker:Concurrency", "0" },
        { "JobPipeline:Worker:VisibilityTimeout", "00:00:00.100" },
        { "JobPipeline:PublicBaseUrl", "ftp://jobs.example.com" },
        { "JobPipeline:PublicBaseUrl", "/relative/base" },
        { "JobPipeline:PublicBaseUrl", "https://jobs.example.com/?q=1" },
        { "JobPipeline:PublicBaseUrl", "https://user:pw@jobs.example.com" },
        { "JobPipeline:RateLimit:FailedAuthenticationBurst", "0" },
        { "JobPipeline:RateLimit:FailedAuthenticationsPerMinute", "0" },
    };

    [Theory]
    [InlineData("jobs.example.com:8080")]
    [InlineData("https://jobs.example.com")]
    [InlineData("jobs.example.com/api")]
    [InlineData("*")]
    [InlineData("")]
    public async Task A_public_host_that_is_not_a_host_name_stops_the_server_at_start(string host)
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:PublicHosts:0"] = host });
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(server.Settings);
        builder.Services.AddJobPipeline();
        builder.Services.AddQueueEngine();
        await using WebApplication app = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("PublicHosts", error.Message);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task An_invalid_setting_stops_the_server_at_start(string key, string? value)
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { [key] = value }, output: output);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(server.Settings);
        builder.Services.AddJobPipeline();
        builder.Services.AddQueueEngine();
        await using WebApplication app = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key.Split(':')[^1], error.Message);
    }

    [Fact]
    public async Task The_renamed_row_wait_setting_under_its_old_key_stops_the_server_at_start_naming_the_new_key()
    {
        await using var server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?> { ["JobPipeline:Worker:RowWait"] = "00:02:00" }, output: output);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(server.Settings);
        builder.Services.AddJobPipeline();
        builder.Services.AddQueueEngine();
        await using WebApplication app = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("JobPipeline:Worker:RowWait", error.Message);
        Assert.Contains("renamed to JobPipeline:JobRowWait", error.Message);
        Assert.Contains("JobPipeline__JobRowWait", error.Message);
    }

    [Fact]
    public async Task Health_answers_503_with_the_envelope_when_storage_does_not_answer()
    {
        Azurite azurite = await Azurite.StartAsync();
        await using var server = new PipelineFactory(azurite, output: output);
        HttpClient client = server.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        azurite.Stop();

        // Health answers from a probe reused for a second: the outage shows once that answer is stale.
        HttpResponseMessage response = await client.GetAsync("/api/health");
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); response.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            response = await client.GetAsync("/api/health");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("STORAGE_UNAVAILABLE", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_submit_while_storage_is_down_answers_503_not_500()
    {
        Azurite azurite = await Azurite.StartAsync();
        await using var server = new PipelineFactory(azurite, output: output);
        HttpClient client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        azurite.Stop();

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "x" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("STORAGE_UNAVAILABLE", (await response.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }
}
