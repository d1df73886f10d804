using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// What the routes of <see cref="JobsApi"/> work with, in one place (eShop's services record): each handler takes it
/// as a parameter, so its dependencies show in its signature rather than being fetched from the container inside.
/// </summary>
internal sealed record JobsApiServices(
    IOptions<JobPipelineOptions> Options,
    JobProcessorCatalog Processors,
    JobSubmitter Submitter,
    JobQueries Queries,
    JobControl Control,
    JobWaiters Waiters,
    JobBlobs Blobs,
    LargeBodyGate BodyGate,
    ContinuationToken Continuation,
    PublicUrls Urls,
    Remote.RemoteDocuments Remote,
    Webhooks.WebhookTenants Webhooks,
    TimeProvider Time,
    IJobDataSealer? Sealer = null)
{
    /// <summary>The services of the request's container (one instance for the app).</summary>
    public static JobsApiServices Of(ApiCall call) => call.Context.RequestServices.GetRequiredService<JobsApiServices>();

    /// <summary>
    /// The job ready to be written (<see cref="JobView.PrepareAsync"/>); a sealed job's large result points at the
    /// authenticated result route.
    /// </summary>
    public Task<JobView> PrepareAsync(ApiCall call, JobRecord job, bool includeInput) =>
        JobView.PrepareAsync(job, Blobs, Options.Value, Time, includeInput, call.Aborted, Sealer,
            job.Sealed ? new Uri(Urls.Of(call.Request, $"/api/jobs/{job.JobId}/result")) : null);
}
