using JobPipeline.Http.Responses;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>
/// <c>GET /api/jobs/counts</c>: the tenant's jobs per status, from the counter rows kept up to date as jobs move
/// (<see cref="JobCounters"/>), so an answer costs one small query whatever the number of jobs.
/// </summary>
public static class JobCountsApi
{
    /// <summary>
    /// <c>GET /api/jobs/counts?type=&amp;by=type</c>: <c>{"queued": n, …, "expired": n}</c> for the tenant, of one
    /// type with <c>type</c>; with <c>by=type</c> also <c>"by_type": {"redact": {…}, …}</c> (types with jobs only).
    /// </summary>
    public static Task<IResult> CountsAsync(HttpContext context) => ApiEndpoint.RunAsync(context, async call =>
    {
        (string? type, bool byType) = ReadQuery(call);
        IReadOnlyDictionary<string, long[]> counts = await call.Get<JobTable>().Counters.ReadAsync(call.Tenant, call.Aborted);
        long[] total = new long[Enum.GetValues<JobStatus>().Length];
        foreach ((string t, long[] c) in counts)
        {
            if (type is null || t == type)
            {
                for (int s = 0; s < total.Length; s++)
                {
                    total[s] += c[s];
                }
            }
        }

        Dictionary<string, StatusCounts>? perType = byType
            ? counts.Where(c => (type is null || c.Key == type) && c.Value.Any(n => n > 0)).ToDictionary(c => c.Key, c => StatusCounts.Of(c.Value))
            : null;
        return ApiJson.Result(200, JobCountsResponse.Of(StatusCounts.Of(total), perType), ApiJsonContext.Default.JobCountsResponse);
    });

    private static (string? Type, bool ByType) ReadQuery(ApiCall call)
    {
        IQueryCollection query = call.Request.Query;
        foreach (string name in query.Keys)
        {
            if (name is not ("type" or "by"))
            {
                throw ApiException.Invalid(name, $"Unknown query parameter '{name}'.");
            }

            if (query[name].Count > 1)
            {
                throw ApiException.Invalid(name, $"'{name}' is given more than once.");
            }
        }

        string? type = query["type"].FirstOrDefault();
        JobProcessorCatalog catalog = call.Get<JobProcessorCatalog>();
        if (type is not null && catalog.Find(type) is null)
        {
            throw ApiException.Invalid("type", $"Unknown job type; known types: {string.Join(", ", catalog.Types)}.");
        }

        string? by = query["by"].FirstOrDefault();
        if (by is not (null or "type"))
        {
            throw ApiException.Invalid("by", "by is 'type' (counts per job type as well) or absent.");
        }

        return (type, by is not null);
    }
}
