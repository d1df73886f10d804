using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Http;

/// <summary>
/// Whatever the documented limits allow (metadata 8 KiB, options as each job type bounds them, inline input 32 KiB)
/// fits a table row: a submit inside them is accepted and runs, never a 500 from a table property or entity limit.
/// </summary>
public sealed class RowLimitsTests : IAsyncLifetime
{
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_deny_list_of_170_terms_of_199_characters_is_accepted_and_applied()
    {
        HttpClient client = _server.Client();
        string[] terms = [.. Enumerable.Range(0, 170).Select(i => $"T{i:D3}" + new string('é', 195))];
        string text = $"before {terms[169]} after";

        HttpResponseMessage response = await client.SubmitAsync("redact", new { text }, new { deny_list = terms, entities = new[] { "EMAIL_ADDRESS" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        JsonObject job = await client.WaitAsync(id, seconds: 60);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("before [DENY_LIST_1] after", job["result"]!["text"]!.GetValue<string>());
        TableEntity row = await RowAsync(id);
        Assert.Equal("{}", row.GetString("OptionsJson"));
        Assert.True(row.GetBoolean("OptionsInBlob"));
        Assert.Contains($"tenant-a/{id}/options", await Leftovers.BlobsAsync(_server));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{id}")).StatusCode);

        Assert.DoesNotContain(await Leftovers.BlobsAsync(_server), name => name.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deny_list_at_the_documented_maximum_is_accepted_and_runs()
    {
        HttpClient client = _server.Client();
        string[] terms = [.. Enumerable.Range(0, 1000).Select(i => $"W{i:D4}" + new string('\u4e2d', 195))];

        HttpResponseMessage response = await client.SubmitAsync("redact", new { text = $"x {terms[0]} y" }, new { deny_list = terms, entities = new[] { "EMAIL_ADDRESS" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject job = await client.WaitAsync((await response.ReadJsonAsync())["job_id"]!.GetValue<string>(), seconds: 60);
        Assert.Equal("x [DENY_LIST_1] y", job["result"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_options_and_inline_input_all_at_their_limits_fit_one_row()
    {
        HttpClient client = _server.Client();
        string metadataValue = new('m', (8 * 1024) - """{"k":""}""".Length);
        string inputText = new('i', (32 * 1024) - """{"text":""}""".Length);
        string optionText = new('o', (16 * 1024) - """{"note":""}""".Length);

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = inputText }, new { note = optionText }, new { k = metadataValue });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        TableEntity row = await RowAsync(id);
        Assert.Equal(32 * 1024, row.GetBinary("InputInline")!.Length);
        Assert.Equal(16 * 1024, row.GetString("OptionsJson")!.Length);
        Assert.Equal(8 * 1024, row.GetString("MetadataJson")!.Length);
        JsonObject job = await client.WaitAsync(id);
        Assert.Equal(inputText, job["result"]!.GetValue<string>());
        JsonObject withInput = await (await client.GetAsync($"/api/jobs/{id}?include=input")).ReadJsonAsync();
        Assert.Equal(inputText, withInput["input"]!["text"]!.GetValue<string>());
        Assert.Equal(metadataValue, withInput["metadata"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_one_byte_over_its_limit_is_refused_with_validation_failed()
    {
        string metadataValue = new('m', (8 * 1024) - """{"k":""}""".Length + 1);

        HttpResponseMessage response = await _server.Client().SubmitAsync("test.echo", new { text = "x" }, metadata: new { k = metadataValue });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal("metadata", error["details"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Options_one_character_over_the_row_share_go_to_a_blob_and_reach_the_processor()
    {
        HttpClient client = _server.Client();
        string optionText = new('\u00e9', 3000);

        HttpResponseMessage response = await client.PostAsync(
            $"/api/jobs/test.echo?note={Uri.EscapeDataString(optionText)}",
            new StringContent("raw body", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        Assert.True((await RowAsync(id)).GetBoolean("OptionsInBlob"));
        Assert.Equal("completed", (await client.WaitAsync(id))["status"]!.GetValue<string>());
    }

    private async Task<TableEntity> RowAsync(string id) =>
        (await new TableClient(_server.Setting("JobPipeline:Storage:ConnectionString"), _server.Setting("JobPipeline:Storage:JobsTableName"))
            .GetEntityAsync<TableEntity>("tenant-a", id)).Value;
}
