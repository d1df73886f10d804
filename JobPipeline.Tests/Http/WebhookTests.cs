using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Client;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

/// <summary>
/// Signed webhooks (<c>callback_url</c>) as a client sees them: a real receiver on a loopback port verifies each
/// delivery with <c>JobPipeline.Client</c>'s verifier, fails the first attempts on demand and records duplicates.
/// Tenant A may call back to the receiver's origin (plain http to 127.0.0.1, listed exactly so); tenant B has no origins.
/// </summary>
public class WebhookTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private WebhookReceiver _receiver = null!;
    private PipelineFactory _server = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _server = new PipelineFactory(await Azurite.Shared, Settings(), host: Host, output: output);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_completed_job_posts_one_signed_webhook_and_shows_it_delivered()
    {
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "hello" }, Hook("done?order=7"));

        IReadOnlyList<WebhookReceiver.Delivery> deliveries = await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook");
        JsonObject job = await WaitForCallbackAsync(client, id, "delivered");

        WebhookReceiver.Delivery delivery = Assert.Single(deliveries);
        Assert.Null(delivery.Refusal);
        Assert.Equal("/hooks/done", delivery.Path);
        Assert.Equal("msg_" + id, delivery.Id);
        var signed = new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = delivery.Id,
            ["webhook-timestamp"] = delivery.Timestamp,
            ["webhook-signature"] = delivery.Signature,
        };
        new StandardWebhooks.StandardWebhook(WebhookReceiver.Secret).Verify(delivery.Text, signed); // the reference verifier throws unless it matches
        JobWebhookEvent webhook = delivery.Event!;
        Assert.Equal("job.completed", webhook.Type);
        Assert.Equal(id, webhook.Data.JobId);
        Assert.Equal(JobPipeline.Client.JobStatus.Completed, webhook.Data.Status);
        Assert.Equal(webhook.Data.CompletedAt, webhook.Timestamp);
        ResultPointer pointer = webhook.Data.ResultPointer!;
        Assert.EndsWith($"/api/jobs/{id}/result", pointer.Url.OriginalString);
        Assert.DoesNotContain("hello", delivery.Text);
        ApiSchemas schemas = await ApiSchemas.LoadAsync(client);
        Assert.Empty(await schemas.ValidateAsync("Job", job.ToJsonString()));
        Assert.Empty(await schemas.ValidateAsync("JobWebhook", delivery.Text));
        JsonObject callback = job["callback"]!.AsObject();
        Assert.Equal(Hook("done?order=7"), callback["url"]!.GetValue<string>());
        Assert.Equal(1, callback["attempts"]!.GetValue<int>());
        Assert.Equal(204, callback["last_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_large_result_travels_as_a_SAS_pointer_that_a_plain_GET_reads()
    {
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "abcdefgh", repeat = 10_000 }, Hook("large"));

        WebhookReceiver.Delivery delivery = (await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook"))[0];

        ResultPointer pointer = delivery.Event!.Data.ResultPointer!;
        Assert.NotNull(pointer.UrlExpiresAt);
        using var anonymous = new HttpClient();
        string result = await anonymous.GetStringAsync(pointer.Url);
        Assert.Equal(80_000, result.Length);
        Assert.Equal(id, delivery.Event.Data.JobId);
    }

    [Fact]
    public async Task A_receiver_that_fails_gets_the_same_webhook_again_until_it_answers_2xx()
    {
        _receiver.FailFirst = 2;
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "retry me" }, Hook("flaky"));

        IReadOnlyList<WebhookReceiver.Delivery> deliveries = await _receiver.WaitForAsync(d => d.Count >= 3, "three attempts");
        JsonObject job = await WaitForCallbackAsync(client, id, "delivered");

        Assert.Equal([500, 500, 204], deliveries.Select(d => d.Answer));
        Assert.All(deliveries, d => Assert.Equal("msg_" + id, d.Id));
        Assert.All(deliveries, d => Assert.Null(d.Refusal));
        Assert.Equal(3, job["callback"]!["attempts"]!.GetValue<int>());
        Assert.Equal(204, job["callback"]!["last_status"]!.GetValue<int>());
        Assert.Equal(0, await OutboxEntriesAsync());
    }

    [Fact]
    public async Task A_receiver_that_never_answers_2xx_ends_failed_after_the_last_attempt_leaving_no_outbox_entry()
    {
        _receiver.AlwaysFail = true;
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "nobody home" }, Hook("down"));

        JsonObject job = await WaitForCallbackAsync(client, id, "failed");

        Assert.Equal(MaxAttempts, job["callback"]!["attempts"]!.GetValue<int>());
        Assert.Equal(500, job["callback"]!["last_status"]!.GetValue<int>());
        Assert.Equal(MaxAttempts, _receiver.Deliveries.Count);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(0, await OutboxEntriesAsync());
    }

    [Fact]
    public async Task A_redirect_is_a_failed_attempt_and_is_never_followed()
    {
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "stay here" }, Hook("redirect"));

        JsonObject job = await WaitForCallbackAsync(client, id, "failed");

        Assert.Equal(307, job["callback"]!["last_status"]!.GetValue<int>());
        Assert.All(_receiver.Deliveries, d => Assert.Equal("/hooks/redirect", d.Path));
        Assert.Equal(MaxAttempts, _receiver.Deliveries.Count);
    }

    [Fact]
    public async Task A_failed_job_posts_job_failed_with_its_error()
    {
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { }, Hook("failed"), type: "test.broken");

        WebhookReceiver.Delivery delivery = (await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook"))[0];

        Assert.Equal("job.failed", delivery.Event!.Type);
        Assert.Equal(id, delivery.Event.Data.JobId);
        Assert.Equal("BROKEN_INPUT", delivery.Event.Data.Error!.Code);
        Assert.Null(delivery.Event.Data.Result);
    }

    [Fact]
    public async Task A_canceled_job_posts_job_canceled()
    {
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { ms = 60_000 }, Hook("canceled"), type: "test.sleep");
        await ResultTests.WaitForStatusAsync(client, id, "processing");

        HttpResponseMessage canceled = await client.PostAsync($"/api/jobs/{id}/cancel", null);
        WebhookReceiver.Delivery delivery = (await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook"))[0];

        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("pending", (await canceled.ReadJsonAsync())["callback"]!["state"]!.GetValue<string>());
        Assert.Equal("job.canceled", delivery.Event!.Type);
        Assert.Equal(JobPipeline.Client.JobStatus.Canceled, delivery.Event.Data.Status);
    }

    [Fact]
    public async Task Mask_values_never_travel_in_a_webhook()
    {
        HttpClient client = _server.Client();
        const string Value = "Zacharias Quibble-Ormsby";
        string id = await SubmitIdAsync(client, new { mask = new[] { new { token_name = "Person token", value = Value } } }, Hook("mask"), type: "mask");

        WebhookReceiver.Delivery delivery = (await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook"))[0];

        Assert.Equal("job.completed", delivery.Event!.Type);
        Assert.DoesNotContain("Zacharias", delivery.Text);
        Assert.DoesNotContain("token_value", delivery.Text);
        Assert.EndsWith($"/api/jobs/{id}/result", delivery.Event.Data.ResultPointer!.Url.OriginalString);
        Assert.Null(delivery.Event.Data.ResultPointer.UrlExpiresAt);
    }

    [Fact]
    public async Task A_raw_document_submit_takes_callback_url_from_the_query_string()
    {
        HttpClient client = _server.Client();
        using var content = new StringContent("plain text body", System.Text.Encoding.UTF8, "text/plain");

        HttpResponseMessage response = await client.PostAsync($"/api/jobs/test.echo?callback_url={Uri.EscapeDataString(Hook("raw"))}", content);
        WebhookReceiver.Delivery delivery = (await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook"))[0];

        JsonObject job = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", job["callback"]!["state"]!.GetValue<string>());
        Assert.Equal(0, job["callback"]!["attempts"]!.GetValue<int>());
        Assert.Equal(job["job_id"]!.GetValue<string>(), delivery.Event!.Data.JobId);
        Assert.False(delivery.Event.Data.Summary!.ContainsKey("callback_url"));
    }

    [Fact]
    public async Task The_NET_client_asks_for_callbacks_on_both_submits_and_reads_their_delivery_state()
    {
        var client = new JobPipelineClient(new Uri("http://localhost/"), PipelineFactory.KeyA, new JobPipelineClientOptions { Transport = _server.Client(key: null) });
        using var document = new MemoryStream("a document"u8.ToArray());

        Job json = await client.SubmitAsync("test.echo", new JsonObject { ["text"] = "json" }, new SubmitJobOptions { CallbackUrl = new Uri(Hook("client-json")) });
        Job raw = await client.SubmitAsync("test.echo", document, "text/plain", new SubmitJobOptions { CallbackUrl = new Uri(Hook("client-raw")) });
        await _receiver.WaitForAsync(d => d.Count >= 2, "both webhooks");
        Job done = await client.WaitForCompletionAsync(raw.JobId);

        Assert.Equal("pending", json.Callback!.State);
        Assert.Equal(new Uri(Hook("client-raw")), raw.Callback!.Url);
        Assert.Equal(
            [("/hooks/client-json", json.JobId), ("/hooks/client-raw", raw.JobId)],
            _receiver.Deliveries.Select(d => (d.Path, d.Event!.Data.JobId)).OrderBy(d => d.Path, StringComparer.Ordinal));
        Assert.Equal(JobPipeline.Client.JobStatus.Completed, done.Status);
    }

    [Theory]
    [InlineData("https://elsewhere.example.com/hooks", "callback origins")]
    [InlineData("https://127.0.0.1:{port}/hooks", "callback origins")]
    [InlineData("http://127.0.0.1:1/hooks", "callback origins")]
    [InlineData("http://user:pw@127.0.0.1:{port}/hooks", "credentials")]
    [InlineData("/hooks/relative", "absolute")]
    [InlineData("ftp://127.0.0.1:{port}/hooks", "absolute https")]
    public async Task A_callback_url_outside_the_tenants_origins_is_refused_with_400(string url, string says)
    {
        HttpClient client = _server.Client();

        HttpResponseMessage response = await client.PostAsJsonAsync("/api/jobs", new { type = "test.echo", input = new { text = "x" }, callback_url = url.Replace("{port}", Port, StringComparison.Ordinal) });

        await AssertRefusedAsync(response, says);
    }

    [Fact]
    public async Task Callback_url_is_refused_with_400_for_a_tenant_without_callback_origins_and_as_a_non_string()
    {
        HttpResponseMessage otherTenant = await _server.Client(PipelineFactory.KeyB).PostAsJsonAsync("/api/jobs", new { type = "test.echo", input = new { text = "x" }, callback_url = Hook("b") });
        HttpResponseMessage number = await _server.Client().PostAsJsonAsync("/api/jobs", new { type = "test.echo", input = new { text = "x" }, callback_url = 42 });
        using var content = new StringContent("doc", System.Text.Encoding.UTF8, "text/plain");
        HttpResponseMessage raw = await _server.Client().PostAsync("/api/jobs/test.echo?callback_url=https%3A%2F%2Felsewhere.example.com%2F", content);

        await AssertRefusedAsync(otherTenant, "not enabled for this tenant");
        await AssertRefusedAsync(number, "absolute https");
        await AssertRefusedAsync(raw, "callback origins");
    }

    [Fact]
    public async Task Deleting_a_job_leaves_nothing_of_its_webhook_in_storage()
    {
        _receiver.AlwaysFail = true;
        HttpClient client = _server.Client();
        string id = await SubmitIdAsync(client, new { text = "gone soon" }, Hook("deleted"));
        await _receiver.WaitForAsync(d => d.Count >= 1, "a first attempt");

        HttpResponseMessage deleted = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await OutboxEntriesAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
    }

    [Fact]
    public virtual async Task A_pending_delivery_survives_a_restart_of_the_host()
    {
        _receiver.AlwaysFail = true;
        Dictionary<string, string?> settings = Settings();
        settings["JobPipeline:Webhooks:MaxAttempts"] = "50";
        settings["JobPipeline:Webhooks:FirstRetryInterval"] = "00:00:01";
        settings["JobPipeline:Webhooks:MaxRetryInterval"] = "00:00:01";
        string id;
        var first = new PipelineFactory(_server.Azurite, settings, host: Host, output: output);
        foreach (string name in new[] { "JobsTableName", "IndexTableName", "ContainerName", "QueueName", "TaskHubName" }.Where(n => first.Settings.ContainsKey("JobPipeline:Storage:" + n)))
        {
            settings["JobPipeline:Storage:" + name] = first.Setting("JobPipeline:Storage:" + name);
        }

        await using (first)
        {
            id = await SubmitIdAsync(first.Client(), new { text = "across a restart" }, Hook("restart"));
            await _receiver.WaitForAsync(d => d.Count >= 1, "a first, failed attempt");
        }

        int beforeRestart = _receiver.Deliveries.Count;
        _receiver.AlwaysFail = false;
        await using var second = new PipelineFactory(_server.Azurite, settings, host: Host, output: output);
        JsonObject job = await WaitForCallbackAsync(second.Client(), id, "delivered");

        IReadOnlyList<WebhookReceiver.Delivery> deliveries = _receiver.Deliveries;
        Assert.True(deliveries.Count > beforeRestart);
        Assert.Equal(204, deliveries[^1].Answer);
        Assert.All(deliveries, d => Assert.Equal("msg_" + id, d.Id));
        // An attempt answered while the first host was stopping is handed back unrecorded (the host stops at once rather
        // than finish the write), so the job may count one attempt fewer than the receiver saw; never more.
        Assert.InRange(job["callback"]!["attempts"]!.GetValue<int>(), deliveries.Count - 1, deliveries.Count);
    }

    private const int MaxAttempts = 3;

    private string Port => new Uri(_receiver.Origin).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Hook(string path) => $"{_receiver.Origin}/hooks/{path}";

    private Dictionary<string, string?> Settings() => new()
    {
        ["JobPipeline:ApiKeys:0:CallbackOrigins:0"] = _receiver.Origin,
        ["JobPipeline:ApiKeys:0:WebhookSecret"] = WebhookReceiver.Secret,
        ["JobPipeline:Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["JobPipeline:Webhooks:FirstRetryInterval"] = "00:00:00.050",
        ["JobPipeline:Webhooks:MaxRetryInterval"] = "00:00:00.200",
        ["JobPipeline:Webhooks:PollInterval"] = "00:00:00.100",
    };

    private static async Task<string> SubmitIdAsync(HttpClient client, object input, string callbackUrl, string type = "test.echo")
    {
        HttpResponseMessage response = await client.PostAsJsonAsync("/api/jobs", new { type, input, callback_url = callbackUrl });
        JsonObject body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        Assert.Equal("pending", body["callback"]!["state"]!.GetValue<string>());
        return body["job_id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> WaitForCallbackAsync(HttpClient client, string id, string state)
    {
        JsonObject job = null!;
        await Leftovers.UntilAsync(
            async () =>
            {
                job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
                return job["callback"]?["state"]?.GetValue<string>() == state;
            },
            $"callback.state {state}");
        return job;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string says)
    {
        JsonObject body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Equal("VALIDATION_FAILED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("callback_url", body["error"]!["details"]!["field"]!.GetValue<string>());
        Assert.Contains(says, body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The outbox entries left once delivery has settled: the job's row says how a delivery went before its entry is
    /// removed (two writes), so this looks again (bounded) while any is left, and returns what is left then.
    /// </summary>
    private async Task<int> OutboxEntriesAsync()
    {
        int left = await CountOutboxEntriesAsync();
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); left > 0 && DateTime.UtcNow < deadline; left = await CountOutboxEntriesAsync())
        {
            await Task.Delay(50);
        }

        return left;
    }

    private async Task<int> CountOutboxEntriesAsync()
    {
        var index = new TableClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:IndexTableName"));
        int count = 0;
        await foreach (TableEntity _ in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"callback|"} and PartitionKey lt {"callback}"}")))
        {
            count++;
        }

        return count;
    }
}
