using FunctionsApp.Engine;
using JobPipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunctionsApp.Http;

/// <summary>
/// One HTTP trigger per route of <see cref="JobsApi.Routes"/>, each a call of the matching <see cref="JobsApi"/>
/// handler with the real <see cref="HttpContext"/> (ASP.NET Core integration), whose <see cref="IResult"/> the
/// integration writes. Routes carry no <c>api/</c>: host.json's <c>routePrefix</c> adds it. Authorization is
/// anonymous for the Functions host because API keys are JobPipeline's own (<c>x-api-key</c>, per tenant).
/// Every route that may reach the engine binds a <see cref="DurableTaskClient"/> for <see cref="DurableJobEngine"/>.
/// </summary>
public static class JobsFunctions
{
    /// <summary>
    /// The Functions host matches routes in function order, not by ASP.NET Core precedence, so <c>jobs/{type}</c>
    /// must not match the literal <c>jobs/status</c>.
    /// </summary>
    private const string DocumentRoute = "jobs/{type:regex(^(?!status$).+$)}";

    /// <summary>Likewise, <c>jobs/{id}</c> must not match the literal <c>jobs/counts</c>.</summary>
    private const string JobRoute = "jobs/{id:regex(^(?!counts$).+$)}";

    /// <summary><c>POST /api/jobs</c>.</summary>
    [Function(nameof(SubmitJob))]
    public static Task<IResult> SubmitJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.SubmitAsync(request.HttpContext));

    /// <summary><c>POST /api/jobs/status</c>.</summary>
    [Function(nameof(BatchStatus))]
    public static Task<IResult> BatchStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/status")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.BatchStatusAsync(request.HttpContext));

    /// <summary><c>POST /api/jobs/{type}</c>.</summary>
    [Function(nameof(SubmitDocument))]
    public static Task<IResult> SubmitDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string type) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.SubmitDocumentAsync(request.HttpContext, type));

    /// <summary><c>GET /api/jobs</c>.</summary>
    [Function(nameof(ListJobs))]
    public static Task<IResult> ListJobs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.ListAsync(request.HttpContext));

    /// <summary><c>GET /api/jobs/counts</c>: storage only, no engine.</summary>
    [Function(nameof(JobCounts))]
    public static Task<IResult> JobCounts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/counts")] HttpRequest request) =>
        JobCountsApi.CountsAsync(request.HttpContext);

    /// <summary><c>GET /api/jobs/{id}</c>.</summary>
    [Function(nameof(GetJob))]
    public static Task<IResult> GetJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.GetAsync(request.HttpContext, id));

    /// <summary><c>GET /api/jobs/{id}/result</c>.</summary>
    [Function(nameof(GetJobResult))]
    public static Task<IResult> GetJobResult(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}/result")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.GetResultAsync(request.HttpContext, id));

    /// <summary><c>POST /api/jobs/{id}/cancel</c>.</summary>
    [Function(nameof(CancelJob))]
    public static Task<IResult> CancelJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{id}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.CancelAsync(request.HttpContext, id));

    /// <summary><c>DELETE /api/jobs/{id}</c>.</summary>
    [Function(nameof(DeleteJob))]
    public static Task<IResult> DeleteJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "jobs/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.DeleteAsync(request.HttpContext, id));

    /// <summary><c>GET /api/operations/{id}</c>.</summary>
    [Function(nameof(GetOperation))]
    public static Task<IResult> GetOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id) =>
        DurableClientAccessor.RunAsync(durable, () => JobsApi.GetOperationAsync(request.HttpContext, id));

    /// <summary><c>GET /api/health</c>: storage only, no engine.</summary>
    [Function(nameof(Health))]
    public static Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        JobsApi.HealthAsync(request.HttpContext);

    /// <summary><c>GET /api/openapi.json</c>.</summary>
    [Function(nameof(OpenApi))]
    public static Task<IResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        JobsApi.OpenApiAsync(request.HttpContext);
}
