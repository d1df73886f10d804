using JobPipeline.Jobs;

namespace JobPipeline.Http.Requests;

/// <summary>The <c>{id}</c> of a job route, as the caller's job.</summary>
internal static class JobRoute
{
    /// <summary>The tenant's job <paramref name="id"/>: 400 <c>INVALID_JOB_ID</c> when it is not of the job id format.</summary>
    public static JobRef Parse(ApiCall call, string id) =>
        JobId.IsValid(id)
            ? new JobRef(call.Tenant, id)
            : throw new ApiException(400, new JobError(ErrorCodes.InvalidJobId, $"A job id is {JobId.Length} characters of 0-9 and a-z (Crockford base32)."));
}
