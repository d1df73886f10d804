using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Retention;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>Retention as a client sees it through the server's HTTP API, with time driven by a fake clock.</summary>
public sealed class RetentionEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Starts at the real time: SAS URLs are checked by Azurite against its own clock.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(
        await Azurite.Shared,
        new Dictionary<string, string?>
        {
            ["JobPipeline:Retention"] = "01:00:00",
            ["JobPipeline:ExpiredStubRetention"] = "01:00:00",
        },
        services => services.AddSingleton<TimeProvider>(_time), output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_job_past_retention_answers_expired_without_result_then_410_for_its_result_then_404_once_the_stub_is_gone()
    {
        HttpClient client = _server.Client();
        using var anonymous = new HttpClient();
        string id = await client.SubmitIdAsync("test.echo", new { text = "0123456789abcdef", repeat = 10_000 });
        JsonObject completed = await WaitAdvancingAsync(client, id);
        var url = new Uri(completed["result"]!["url"]!.GetValue<string>());
        HttpStatusCode readBefore = (await anonymous.GetAsync(url)).StatusCode;
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        RetentionSweepResult sweep = await Sweeper().SweepAsync();
        HttpResponseMessage get = await client.GetAsync($"/api/jobs/{id}");
        JsonObject expired = await get.ReadJsonAsync();
        HttpResponseMessage result = await client.GetAsync($"/api/jobs/{id}/result");
        HttpResponseMessage readAfter = await anonymous.GetAsync(url);
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();
        _time.Advance(TimeSpan.FromHours(1));
        await Sweeper().SweepAsync();
        HttpResponseMessage gone = await client.GetAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.OK, readBefore);
        Assert.True(sweep.Expired + sweep.Stale >= 1, $"{sweep}"); // the server's own timer may have got there first
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("expired", expired["status"]!.GetValue<string>());
        Assert.False(expired.ContainsKey("result"));
        Assert.Equal(160_000, expired["summary"]!["length"]!.GetValue<long>());
        Assert.Equal(completed["completed_at"]!.GetValue<string>(), expired["completed_at"]!.GetValue<string>());
        Assert.Equal(completed["expires_at"]!.GetValue<string>(), expired["expires_at"]!.GetValue<string>());
        Assert.Equal(completed["created_at"]!.GetValue<string>(), expired["created_at"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, result.StatusCode);
        Assert.Equal("JOB_EXPIRED", (await result.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, readAfter.StatusCode);
        Assert.Equal("Succeeded", operation["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", (await gone.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_failed_job_keeps_reporting_its_failure_on_the_operation_monitor()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.broken", new { });
        await WaitAdvancingAsync(client, id);
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await Sweeper().SweepAsync();
        JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();

        Assert.Equal("expired", job["status"]!.GetValue<string>());
        Assert.Equal("Failed", operation["status"]!.GetValue<string>());
        Assert.Equal("BROKEN_INPUT", operation["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_job_within_retention_keeps_its_result()
    {
        HttpClient client = _server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "kept" });
        await WaitAdvancingAsync(client, id);
        _time.Advance(TimeSpan.FromMinutes(59));

        RetentionSweepResult sweep = await Sweeper().SweepAsync();
        HttpResponseMessage result = await client.GetAsync($"/api/jobs/{id}/result");

        Assert.Equal(0, sweep.Expired);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("kept", await result.Content.ReadAsStringAsync());
    }

    private RetentionSweeper Sweeper() => _server.Services.GetRequiredService<RetentionSweeper>();

    /// <summary>Polls until terminal, nudging the fake clock so the worker's short waits (for a row it cannot see yet) end.</summary>
    private async Task<JsonObject> WaitAdvancingAsync(HttpClient client, string id)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
            if (job["status"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} still {job["status"]} after 20 s");
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(25);
        }
    }
}
