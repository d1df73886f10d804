using JobPipeline.Http.Requests;
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
    public static Task<IResult> CountsAsync(HttpContext context) =>
        ApiEndpoint.RunAsync(context, call => CountsAsync(CountsRequest.Parse(call, call.Get<JobProcessorCatalog>()), call.Get<JobTable>(), call));

    private static async Task<IResult> CountsAsync(CountsRequest request, JobTable jobs, ApiCall call)
    {
        IReadOnlyDictionary<string, long[]> counts = await jobs.Counters.ReadAsync(call.Tenant, call.Aborted);
        var wanted = counts.Where(c => request.Type is null || c.Key == request.Type).ToList();
        long[] total = new long[Enum.GetValues<JobStatus>().Length];
        foreach ((_, long[] c) in wanted)
        {
            for (int s = 0; s < total.Length; s++)
            {
                total[s] += c[s];
            }
        }

        Dictionary<string, StatusCounts>? byType = request.ByType
            ? wanted.Where(c => c.Value.Any(n => n > 0)).ToDictionary(c => c.Key, c => StatusCounts.Of(c.Value))
            : null;
        return ApiJson.Result(200, JobCountsResponse.Of(StatusCounts.Of(total), byType), ApiJsonContext.Default.JobCountsResponse);
    }
}
