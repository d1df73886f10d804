using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class OperationMonitorTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_submit_answer_carries_an_absolute_Operation_Location_that_monitors_the_job()
    {
        HttpClient client = _server.Client();
        var idempotent = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = TenancyTests.Json("""{"type": "test.echo", "input": {}}""") };
        idempotent.Headers.Add("Idempotency-Key", "op-loc");
        var repeat = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = TenancyTests.Json("""{"type": "test.echo", "input": {}}""") };
        repeat.Headers.Add("Idempotency-Key", "op-loc");

        HttpResponseMessage[] answers =
        [
            await client.SubmitAsync("test.echo", new { text = "a" }),
            await client.PostAsync("/api/jobs/test.echo", new StringContent("raw", Encoding.UTF8, "text/plain")),
            await client.SendAsync(idempotent),
            await client.SendAsync(repeat),
        ];

        foreach (HttpResponseMessage answer in answers)
        {
            string id = (await answer.ReadJsonAsync())["job_id"]!.GetValue<string>();
            var location = new Uri(answer.Headers.GetValues("Operation-Location").Single());
            Assert.True(location.IsAbsoluteUri);
            Assert.Equal($"/api/operations/{id}", location.AbsolutePath);
            JsonObject monitor = await (await client.GetAsync(location)).ReadJsonAsync();
            Assert.Equal(id, monitor["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_monitor_is_camelCase_with_Retry_After_while_running_and_resourceLocation_only_when_succeeded()
    {
        await using var idle = new PipelineFactory(_server.Azurite, new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false" }, host: Host, output: output);
        HttpClient idleClient = idle.Client();
        string queued = await idleClient.SubmitIdAsync("test.echo", new { text = "q" });
        HttpClient client = _server.Client();
        string done = await client.SubmitIdAsync("test.echo", new { text = "d" });
        await client.WaitAsync(done);

        HttpResponseMessage notStarted = await idleClient.GetAsync($"/api/operations/{queued}");
        HttpResponseMessage succeeded = await client.GetAsync($"/api/operations/{done}");

        JsonObject pending = await notStarted.ReadJsonAsync();
        Assert.Equal("NotStarted", pending["status"]!.GetValue<string>());
        Assert.Equal(0, pending["percentComplete"]!.GetValue<int>());
        Assert.NotNull(pending["createdDateTime"]);
        Assert.NotNull(pending["lastActionDateTime"]);
        Assert.False(pending.ContainsKey("resourceLocation"));
        Assert.False(pending.ContainsKey("error"));
        Assert.NotNull(notStarted.Headers.RetryAfter);
        JsonObject success = await succeeded.ReadJsonAsync();
        Assert.Equal("Succeeded", success["status"]!.GetValue<string>());
        Assert.Equal($"http://localhost/api/jobs/{done}", success["resourceLocation"]!.GetValue<string>());
        Assert.False(success.ContainsKey("error"));
        Assert.Null(succeeded.Headers.RetryAfter);
        Assert.DoesNotContain('_', string.Concat(success.Select(p => p.Key)));
    }

    [Fact]
    public async Task The_Azure_SDK_poller_follows_a_job_to_success()
    {
        var requests = new List<string>();
        HttpPipeline pipeline = Pipeline(PipelineFactory.KeyA, requests);
        (string id, string operationLocation) = await SubmitThroughPipelineAsync(pipeline, """{"type": "test.sleep", "input": {"ms": 1500}}""");

        var operation = Operation.Rehydrate(pipeline, Token(operationLocation));
        Response final = await operation.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None);

        Assert.True(operation.HasCompleted);
        Assert.Equal(200, final.Status);
        JsonObject job = JsonNode.Parse(final.Content.ToString())!.AsObject();
        Assert.Equal(id, job["job_id"]!.GetValue<string>());
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.True(job["result"]!["slept"]!.GetValue<bool>());
        Assert.True(requests.Count(r => r.Contains("/api/operations/", StringComparison.Ordinal)) >= 2, string.Join("\n", requests));
        Assert.Contains(requests, r => r == $"GET http://localhost/api/jobs/{id}");
    }

    [Fact]
    public async Task The_Azure_SDK_poller_reports_a_failed_job_as_a_failed_operation()
    {
        HttpPipeline pipeline = Pipeline(PipelineFactory.KeyA, []);
        (_, string operationLocation) = await SubmitThroughPipelineAsync(pipeline, """{"type": "test.broken", "input": {}}""");
        var operation = Operation.Rehydrate(pipeline, Token(operationLocation));

        RequestFailedException failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => operation.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None).AsTask());

        Assert.Equal("BROKEN_INPUT", failure.ErrorCode);
        JsonObject monitor = JsonNode.Parse(operation.GetRawResponse().Content.ToString())!.AsObject();
        Assert.Equal("Failed", monitor["status"]!.GetValue<string>());
        Assert.Equal("The input cannot be processed.", monitor["error"]!["message"]!.GetValue<string>());
        Assert.False(monitor.ContainsKey("resourceLocation"));
    }

    [Fact]
    public async Task The_Azure_SDK_poller_cannot_follow_another_tenants_job()
    {
        (_, string operationLocation) = await SubmitThroughPipelineAsync(Pipeline(PipelineFactory.KeyA, []), """{"type": "test.sleep", "input": {"ms": 1}}""");
        var operation = Operation.Rehydrate(Pipeline(PipelineFactory.KeyB, []), Token(operationLocation));

        RequestFailedException failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => operation.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(250), CancellationToken.None).AsTask());

        Assert.Equal(404, failure.Status);
    }

    private HttpPipeline Pipeline(string key, List<string> requests)
    {
        var options = new PollerClientOptions { Transport = new HttpClientTransport(_server.CreateDefaultClient(new SyncOverAsyncHandler())) };
        options.Retry.MaxRetries = 0;
        return HttpPipelineBuilder.Build(options, new ApiKeyPolicy(key, requests));
    }

    private static async Task<(string Id, string OperationLocation)> SubmitThroughPipelineAsync(HttpPipeline pipeline, string body)
    {
        using HttpMessage message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri("http://localhost/api/jobs"));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        await pipeline.SendAsync(message, CancellationToken.None);
        Assert.Equal(202, message.Response.Status);
        Assert.True(message.Response.Headers.TryGetValue("Operation-Location", out string? operationLocation));
        string id = JsonNode.Parse(message.Response.Content.ToString())!["job_id"]!.GetValue<string>();
        return (id, operationLocation!);
    }

    /// <summary>What the SDK itself records for an operation started by a POST that answered with Operation-Location.</summary>
    private static RehydrationToken Token(string operationLocation) => ModelReaderWriter.Read<RehydrationToken>(BinaryData.FromObjectAsJson(new
    {
        version = "1.0.0",
        headerSource = "OperationLocation",
        nextRequestUri = operationLocation,
        initialUri = "http://localhost/api/jobs",
        requestMethod = "POST",
        lastKnownLocation = (string?)null,
        finalStateVia = "Location",
    }));

    private sealed class PollerClientOptions : ClientOptions;

    /// <summary>
    /// The SDK polls synchronously where its caller is synchronous (Operation.Rehydrate reads the first status so); the
    /// in-memory test server only answers asynchronously, so its synchronous path waits on the asynchronous one.
    /// </summary>
    private sealed class SyncOverAsyncHandler : DelegatingHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken).GetAwaiter().GetResult();
    }

    private sealed class ApiKeyPolicy(string key, List<string> requests) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            message.Request.Headers.SetValue("x-api-key", key);
            lock (requests)
            {
                requests.Add($"{message.Request.Method} {message.Request.Uri}");
            }
        }
    }
}
