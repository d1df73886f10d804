using JobPipeline.Jobs;

namespace JobPipeline.Http.Requests;

/// <summary><c>GET /api/operations/{id}?wait=N</c>.</summary>
/// <param name="Job">The caller's job.</param>
/// <param name="Wait">How long to long-poll until the operation ends, or null to answer at once.</param>
internal sealed record OperationRequest(JobRef Job, TimeSpan? Wait)
{
    public static OperationRequest Parse(ApiCall call, string id)
    {
        TimeSpan? wait = QueryValues.Wait(call.Request);
        return new OperationRequest(JobRoute.Parse(call, id), wait);
    }
}
