using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Http;

/// <summary>
/// mask and unmask inputs and results never rest in clear: the raw rows and blobs in storage hold no value, while
/// the job's owner still reads every value back through the API.
/// </summary>
public sealed class SealedAtRestTests : IAsyncLifetime
{
    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_mask_job_keeps_no_value_in_clear_in_its_row_and_still_answers_with_every_value()
    {
        HttpClient client = _server.Client();
        string[] values = ["Zyxwv-Alpha-77310", "Qwert-Bravo-55102", "Märta Ölund-Charlie"];
        var input = new { mask = values.Select((v, i) => new { token_name = $"name{i}", value = v }).ToArray() };

        string id = await client.SubmitIdAsync("mask", input);
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(values, job["result"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        JsonArray result = JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{id}/result"))!.AsArray();
        Assert.Equal(values, result.Select(r => r!["value"]!.GetValue<string>()));
        JsonObject withInput = await (await client.GetAsync($"/api/jobs/{id}?include=input")).ReadJsonAsync();
        Assert.Equal(values, withInput["input"]!["mask"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        JsonObject listed = await (await client.GetAsync("/api/jobs?type=mask")).ReadJsonAsync();
        Assert.Equal(values, listed["data"]![0]!["result"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        await AssertNoneInClearAsync(values);
    }

    [Fact]
    public async Task A_large_mask_job_keeps_its_input_and_result_blobs_sealed_and_points_at_the_result_route()
    {
        HttpClient client = _server.Client();
        string[] values = [.. Enumerable.Range(0, 300).Select(i => $"Secret-{i:D4}-" + new string((char)('a' + (i % 26)), 300))];
        var input = new { mask = values.Select(v => new { token_name = "big", value = v }).ToArray() };

        string id = await client.SubmitIdAsync("mask", input);
        JsonObject job = await client.WaitAsync(id, seconds: 60);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        JsonObject pointer = job["result"]!.AsObject();
        Assert.True(pointer["is_url"]!.GetValue<bool>());
        Assert.Equal($"http://localhost/api/jobs/{id}/result", pointer["url"]!.GetValue<string>());
        Assert.Equal("application/json", pointer["content_type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client(key: null).GetAsync(pointer["url"]!.GetValue<string>())).StatusCode);
        JsonArray result = JsonNode.Parse(await client.GetStringAsync(pointer["url"]!.GetValue<string>()))!.AsArray();
        Assert.Equal(values, result.Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal(pointer["size_bytes"]!.GetValue<long>(), Encoding.UTF8.GetByteCount(result.ToJsonString()));
        JsonObject withInput = await (await client.GetAsync($"/api/jobs/{id}?include=input")).ReadJsonAsync();
        Assert.Equal(values, withInput["input"]!["mask"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        List<string> blobs = await Leftovers.BlobsAsync(_server);
        Assert.Contains($"tenant-a/{id}/input", blobs);
        Assert.Contains($"tenant-a/{id}/result", blobs);
        await AssertNoneInClearAsync(values);
    }

    [Fact]
    public async Task An_unmask_job_keeps_no_value_in_clear_and_answers_with_the_values()
    {
        HttpClient client = _server.Client();
        string[] values = ["Unmask-Delta-90817", "Unmask-Echo-11623"];
        JsonObject masked = await client.WaitAsync(await client.SubmitIdAsync("mask", new { mask = values.Select(v => new { token_name = "n", value = v }).ToArray() }));
        string[] tokens = [.. masked["result"]!.AsArray().Select(r => r!["token_value"]!.GetValue<string>())];

        string id = await client.SubmitIdAsync("unmask", new { unmask = tokens.Select(t => new { token_value = t }).ToArray() });
        JsonObject job = await client.WaitAsync(id);

        Assert.Equal(values, job["result"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal(values, JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{id}/result"))!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        await AssertNoneInClearAsync(values);
    }

    /// <summary>Reads every row of every table of this server and every blob of its container, raw, and looks for the values.</summary>
    private async Task AssertNoneInClearAsync(IReadOnlyList<string> values)
    {
        string connection = _server.Setting("JobPipeline:Storage:ConnectionString");
        int rows = 0;
        foreach (string table in new[] { "JobPipeline:Storage:JobsTableName", "JobPipeline:Storage:IndexTableName", "JobPipeline:Vault:TableName" })
        {
            await foreach (TableEntity entity in new TableClient(connection, _server.Setting(table)).QueryAsync<TableEntity>())
            {
                rows++;
                foreach ((string name, object value) in entity)
                {
                    byte[] raw = value switch
                    {
                        byte[] bytes => bytes,
                        BinaryData data => data.ToArray(),
                        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    };
                    AssertNoValueIn(values, raw, $"{table} row {entity.RowKey} column {name}");
                }
            }
        }

        var container = new BlobContainerClient(connection, _server.Setting("JobPipeline:Storage:ContainerName"));
        await foreach (BlobItem blob in container.GetBlobsAsync())
        {
            byte[] content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            AssertNoValueIn(values, content, $"blob {blob.Name}");
        }

        Assert.True(rows > 0);
    }

    private static void AssertNoValueIn(IReadOnlyList<string> values, byte[] raw, string where)
    {
        foreach (string value in values)
        {
            foreach (byte[] form in new[] { Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(value)[1..^1]), Encoding.Unicode.GetBytes(value) })
            {
                Assert.False(raw.AsSpan().IndexOf(form) >= 0, $"'{value}' is in clear in {where}.");
            }
        }
    }
}
