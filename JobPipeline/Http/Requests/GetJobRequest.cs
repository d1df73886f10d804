using JobPipeline.Jobs;

namespace JobPipeline.Http.Requests;

/// <summary><c>GET /api/jobs/{id}?include=input&amp;wait=N</c>.</summary>
/// <param name="Job">The caller's job.</param>
/// <param name="IncludeInput">Whether the input is shown.</param>
/// <param name="Wait">How long to long-poll for a change, or null to answer at once.</param>
internal sealed record GetJobRequest(JobRef Job, bool IncludeInput, TimeSpan? Wait)
{
    public static GetJobRequest Parse(ApiCall call, string id)
    {
        bool includeInput = QueryValues.IncludeInput(call.Request);
        TimeSpan? wait = QueryValues.Wait(call.Request);
        return new GetJobRequest(JobRoute.Parse(call, id), includeInput, wait);
    }
}
