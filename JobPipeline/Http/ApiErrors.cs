using System.Text.Json.Nodes;
using JobPipeline.Jobs;

namespace JobPipeline.Http;

/// <summary>What the job domain reports (<see cref="JobException"/>), as the HTTP status and error code of the contract.</summary>
internal static class ApiErrors
{
    public static ApiException From(JobException exception) => exception switch
    {
        JobNotFoundException => ApiException.NotFound(),
        JobAlreadyFinishedException finished => new ApiException(409, new JobError(
            ErrorCodes.JobAlreadyFinished,
            $"The job is already {finished.Status.ToWire()}.",
            new JsonObject { ["status"] = finished.Status.ToWire() })),
        IdempotencyKeyReusedException reused => new ApiException(409, new JobError(
            ErrorCodes.IdempotencyKeyReused,
            "This Idempotency-Key was used with a different request.",
            new JsonObject { ["job_id"] = reused.ExistingJobId })),
        SubmissionTooLargeException tooLarge => new ApiException(413, new JobError(
            ErrorCodes.PayloadTooLarge,
            $"The body is larger than the maximum of {tooLarge.MaxBytes} bytes.",
            new JsonObject { ["max_bytes"] = tooLarge.MaxBytes })),
        _ => throw new InvalidOperationException($"No HTTP answer for {exception.GetType().Name}.", exception),
    };
}
