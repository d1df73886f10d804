using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// A real server process killed with SIGKILL while jobs run: after a restart every accepted job ends terminal with
/// its own intact result, and no job is ever seen with two different results. The server runs the test job type
/// <c>test.slowecho</c> (added through <see cref="ReliabilityJobTypes"/>), whose result names its job, so that a
/// mixed-up or half-written result would show.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_in_flight_when_the_server_is_killed_all_finish_with_their_own_result_after_a_restart()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Azurite azurite = await Azurite.Shared;
        output.WriteLine($"azurite up {clock.ElapsedMilliseconds} ms");
        await using ServerProcess server = await ServerProcess.StartAsync(ServerSettings(azurite), "JobPipeline.Tests");
        output.WriteLine($"server up {clock.ElapsedMilliseconds} ms");
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", PipelineFactory.KeyA);
        var expected = new Dictionary<string, string>();
        for (int i = 0; i < 24; i++)
        {
            string text = $"job {i} {Guid.NewGuid():N} " + new string((char)('a' + (i % 26)), 200 * i);
            string id = await client.SubmitIdAsync("test.slowecho", new { text, ms = 1500 });
            expected[id] = text;
        }

        await WaitUntilAnyProcessingAsync(client, expected.Keys);
        output.WriteLine($"submitted, one processing {clock.ElapsedMilliseconds} ms");
        server.Kill();
        await server.RestartAsync();
        output.WriteLine($"restarted {clock.ElapsedMilliseconds} ms");
        var firstResult = new Dictionary<string, string>();
        var seen = new Dictionary<string, List<string>>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(45);
        while (firstResult.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            foreach (string id in expected.Keys.Except(firstResult.Keys).ToList())
            {
                JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
                string status = job["status"]!.GetValue<string>();
                List<string> statuses = seen.TryGetValue(id, out List<string>? s) ? s : seen[id] = [];
                if (statuses.Count == 0 || statuses[^1] != status)
                {
                    statuses.Add(status);
                }

                if (status is "completed" or "failed" or "canceled")
                {
                    firstResult[id] = job["result"]?.GetValue<string>() ?? $"<{status}: {job["error"]?.ToJsonString()}>";
                }
            }

            await Task.Delay(100);
        }

        output.WriteLine($"all terminal {clock.ElapsedMilliseconds} ms");
        Assert.True(firstResult.Count == expected.Count, $"{expected.Count - firstResult.Count} jobs not terminal 45 s after the restart:\n{string.Join('\n', server.Output.TakeLast(20))}");
        foreach ((string id, string text) in expected)
        {
            Assert.Equal(text, firstResult[id]);
            JsonObject again = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
            Assert.Equal("completed", again["status"]!.GetValue<string>());
            Assert.Equal(text, again["result"]!.GetValue<string>());
            HttpResponseMessage result = await client.GetAsync($"/api/jobs/{id}/result");
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal(text, await result.Content.ReadAsStringAsync());
            Assert.DoesNotContain(seen[id], s => s is "failed" or "canceled");
        }
    }

    internal static Dictionary<string, string> ServerSettings(Azurite azurite)
    {
        string name = Azurite.UniqueName("crash");
        return new Dictionary<string, string>
        {
            ["JobPipeline:Storage:ConnectionString"] = azurite.ConnectionString,
            ["JobPipeline:Storage:JobsTableName"] = name + "jobs",
            ["JobPipeline:Storage:IndexTableName"] = name + "index",
            ["JobPipeline:Storage:ContainerName"] = name,
            ["JobPipeline:Storage:QueueName"] = name,
            ["JobPipeline:Storage:NetworkTimeout"] = "00:00:05",
            ["JobPipeline:Storage:MaxRetries"] = "1",
            ["JobPipeline:ApiKeys:0:Tenant"] = "tenant-a",
            ["JobPipeline:ApiKeys:0:KeySha256"] = PipelineFactory.Sha256(PipelineFactory.KeyA),
            ["JobPipeline:FirstRetryInterval"] = "00:00:00.050",
            ["JobPipeline:Worker:VisibilityTimeout"] = "00:00:05",
            ["JobPipeline:Worker:MaxIdlePoll"] = "00:00:00.200",
            ["JobPipeline:Worker:Concurrency"] = "8",
            ["JobPipeline:Vault:MasterKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
            ["JobPipeline:Redaction:HashKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
        };
    }

    private static async Task WaitUntilAnyProcessingAsync(HttpClient client, IEnumerable<string> ids)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (string id in ids)
            {
                JsonObject job = await (await client.GetAsync($"/api/jobs/{id}")).ReadJsonAsync();
                if (job["status"]!.GetValue<string>() == "processing" && job["progress"]!.GetValue<int>() > 0)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail("No job reached processing within 15 s.");
    }
}
