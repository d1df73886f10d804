using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JobPipeline.Bench;

/// <summary>Reads jobs through the batch status route (<c>POST /api/jobs/status</c>, 100 ids at a time).</summary>
public static class BatchStatus
{
    private const int MaxIdsPerCall = 100;

    /// <summary>
    /// The resources of the jobs <paramref name="ids"/> as <paramref name="client"/>'s tenant sees them; with
    /// <paramref name="terminal"/>, each polled until it is terminal or <paramref name="timeout"/> has passed (a job
    /// still running then is left out).
    /// </summary>
    public static async Task<List<JsonObject>> ReadAsync(HttpClient client, IEnumerable<string> ids, bool terminal, TimeSpan timeout)
    {
        var found = new Dictionary<string, JsonObject>();
        var pending = new Queue<string>(ids);
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < timeout)
        {
            int before = pending.Count;
            for (int n = pending.Count; n > 0;)
            {
                List<string> batch = [];
                while (batch.Count < MaxIdsPerCall && n > 0)
                {
                    batch.Add(pending.Dequeue());
                    n--;
                }

                using HttpResponseMessage response = await client.PostAsJsonAsync(new Uri("/api/jobs/status", UriKind.Relative), new { job_ids = batch });
                JsonArray data = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["data"]?.AsArray() ?? [];
                foreach (JsonObject job in data.OfType<JsonObject>())
                {
                    string id = job["job_id"]!.GetValue<string>();
                    if (!terminal || job["status"]?.GetValue<string>() is "completed" or "failed" or "canceled")
                    {
                        found[id] = job;
                    }
                    else
                    {
                        pending.Enqueue(id);
                    }
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(pending.Count == before ? 500 : 100);
            }
        }

        return [.. found.Values];
    }
}
