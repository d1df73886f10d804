using System.Text.Json;

namespace JobPipeline.Http.Requests;

/// <summary><c>POST /api/jobs/status</c> with <c>{"job_ids": [1..100 ids]}</c>; an id need not be valid to be asked about.</summary>
internal sealed record BatchStatusRequest(IReadOnlyList<string> JobIds)
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxIds = 100;

    public static async Task<BatchStatusRequest> ReadAsync(ApiCall call)
    {
        (_, JsonElement root) = await RequestReader.ReadJsonAsync(call.Request, MaxBodyBytes, call.Aborted);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("job_ids", out JsonElement ids) || ids.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Invalid("job_ids", "The body must be {\"job_ids\": [1..100 job ids]}.");
        }

        int count = ids.GetArrayLength();
        if (count is < 1 or > MaxIds)
        {
            throw ApiException.Invalid("job_ids", "Give 1 to 100 job ids.");
        }

        string[] wanted = new string[count];
        int i = 0;
        foreach (JsonElement element in ids.EnumerateArray())
        {
            wanted[i++] = element.ValueKind == JsonValueKind.String
                ? element.GetString()!
                : throw ApiException.Invalid($"job_ids[{i - 1}]", "Each job id must be a string.");
        }

        return new BatchStatusRequest(wanted);
    }
}
