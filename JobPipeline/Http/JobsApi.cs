using System.Globalization;
using System.Text.Json.Nodes;
using JobPipeline.Http.Requests;
using JobPipeline.Http.Responses;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Http;

/// <summary>
/// The routes of docs/api.md. Each public handler takes the <see cref="HttpContext"/> (plus route values), so the
/// server maps them with <see cref="MapJobPipelineApi"/> and each Azure Function calls one in a line. Inside
/// <see cref="ApiEndpoint.RunAsync"/> (key, rate limit, error envelope) each parses its request record
/// (<c>Http/Requests</c>), calls the domain with the <see cref="JobsApiServices"/> it names, and answers with a typed
/// response record (<c>Http/Responses</c>).
/// </summary>
public static class JobsApi
{
    /// <summary>The route templates (without the <c>/api</c> prefix) and methods, as every host must declare them.</summary>
    public static IReadOnlyList<(string Method, string Route)> Routes { get; } =
    [
        ("POST", "jobs"),
        ("POST", "jobs/status"),
        ("POST", "jobs/{type}"),
        ("GET", "jobs"),
        ("GET", "jobs/counts"),
        ("GET", "jobs/{id}"),
        ("GET", "jobs/{id}/result"),
        ("POST", "jobs/{id}/cancel"),
        ("DELETE", "jobs/{id}"),
        ("GET", "operations/{id}"),
        ("GET", "health"),
        ("GET", "openapi.json"),
        ("GET", "ui"),
        ("GET", "ui/{file}"),
    ];

    /// <summary>Maps every route under <c>/api</c>.</summary>
    public static IEndpointRouteBuilder MapJobPipelineApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapPost("/jobs", (Func<HttpContext, Task<IResult>>)SubmitAsync);
        api.MapPost("/jobs/status", (Func<HttpContext, Task<IResult>>)BatchStatusAsync);
        api.MapPost("/jobs/{type}", (HttpContext c, string type) => SubmitDocumentAsync(c, type));
        api.MapGet("/jobs", (Func<HttpContext, Task<IResult>>)ListAsync);
        api.MapGet("/jobs/counts", (Func<HttpContext, Task<IResult>>)JobCountsApi.CountsAsync);
        api.MapGet("/jobs/{id}", (HttpContext c, string id) => GetAsync(c, id));
        api.MapGet("/jobs/{id}/result", (HttpContext c, string id) => GetResultAsync(c, id));
        api.MapPost("/jobs/{id}/cancel", (HttpContext c, string id) => CancelAsync(c, id));
        api.MapDelete("/jobs/{id}", (HttpContext c, string id) => DeleteAsync(c, id));
        api.MapGet("/operations/{id}", (HttpContext c, string id) => GetOperationAsync(c, id));
        api.MapGet("/health", (Func<HttpContext, Task<IResult>>)HealthAsync);
        api.MapGet("/openapi.json", (Func<HttpContext, Task<IResult>>)OpenApiAsync);
        api.MapGet("/ui", (Func<HttpContext, Task<IResult>>)JobsPage.PageAsync);
        api.MapGet("/ui/{file}", (HttpContext c, string file) => JobsPage.AssetAsync(c, file));
        return app;
    }

    /// <summary><c>POST /api/jobs</c>: submit the JSON envelope <c>{type, input, options, metadata}</c>.</summary>
    public static Task<IResult> SubmitAsync(HttpContext context) =>
        ApiEndpoint.RunAsync(context, call => SubmitAsync(SubmitChecks.IdempotencyKey(call.Request), JobsApiServices.Of(call), call));

    /// <summary><c>POST /api/jobs/{type}</c>: submit a raw document as the body, options in the query string.</summary>
    public static Task<IResult> SubmitDocumentAsync(HttpContext context, string type) =>
        ApiEndpoint.RunAsync(context, async call =>
        {
            var services = JobsApiServices.Of(call);
            return await AcceptAsync(await DocumentSubmitRequest.ReadAsync(call, services, type), services, call);
        });

    /// <summary>
    /// <c>GET /api/jobs/{id}</c>: the job resource, with <c>ETag</c> and <c>If-None-Match</c>; <c>?wait=N</c> long-polls
    /// until the job is terminal or (with <c>If-None-Match</c>) no longer matches, at most N seconds.
    /// </summary>
    public static Task<IResult> GetAsync(HttpContext context, string id) =>
        ApiEndpoint.RunAsync(context, call => GetAsync(GetJobRequest.Parse(call, id), JobsApiServices.Of(call), call));

    /// <summary><c>POST /api/jobs/status</c>: the status of 1..100 jobs, in request order, unknown ids in place.</summary>
    public static Task<IResult> BatchStatusAsync(HttpContext context) =>
        ApiEndpoint.RunAsync(context, async call => await BatchStatusAsync(await BatchStatusRequest.ReadAsync(call), JobsApiServices.Of(call), call));

    /// <summary><c>GET /api/jobs?status=&amp;type=&amp;limit=&amp;continuation=</c>: newest first, one partition query a page.</summary>
    public static Task<IResult> ListAsync(HttpContext context) =>
        ApiEndpoint.RunAsync(context, call =>
        {
            var services = JobsApiServices.Of(call);
            return ListAsync(ListJobsRequest.Parse(call, services), services, call);
        });

    /// <summary>
    /// <c>GET /api/jobs/{id}/result</c>: the result bytes with their content type, or 302 to the SAS URL of a large one;
    /// for a job whose input was a document, the output document as an attachment.
    /// </summary>
    public static Task<IResult> GetResultAsync(HttpContext context, string id) =>
        ApiEndpoint.RunAsync(context, call => GetResultAsync(JobRoute.Parse(call, id), JobsApiServices.Of(call), call));

    /// <summary><c>POST /api/jobs/{id}/cancel</c>: 200 with the job now <c>canceled</c>; 409 if it already ended.</summary>
    public static Task<IResult> CancelAsync(HttpContext context, string id) =>
        ApiEndpoint.RunAsync(context, call => CancelAsync(JobRoute.Parse(call, id), JobsApiServices.Of(call), call));

    /// <summary><c>DELETE /api/jobs/{id}</c>: 204; everything of the job is gone.</summary>
    public static Task<IResult> DeleteAsync(HttpContext context, string id) =>
        ApiEndpoint.RunAsync(context, async call =>
        {
            await JobsApiServices.Of(call).Control.DeleteAsync(JobRoute.Parse(call, id), call.Aborted);
            return Results.NoContent();
        });

    /// <summary>
    /// <c>GET /api/operations/{id}</c>: the job as an Azure long-running-operation status monitor; <c>?wait=N</c>
    /// long-polls until the operation is terminal, at most N seconds.
    /// </summary>
    public static Task<IResult> GetOperationAsync(HttpContext context, string id) =>
        ApiEndpoint.RunAsync(context, call => GetOperationAsync(OperationRequest.Parse(call, id), JobsApiServices.Of(call), call));

    /// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not (one probe a second at most). No key needed.</summary>
    public static Task<IResult> HealthAsync(HttpContext context) => ApiEndpoint.RunAnonymousAsync(context, async () =>
    {
        if (!await context.RequestServices.GetRequiredService<StorageHealthProbe>().IsHealthyAsync(context.RequestAborted))
        {
            return ErrorResponse.Create(503, new JobError(ErrorCodes.StorageUnavailable, "Storage is not reachable.", new JsonObject { ["status"] = "unhealthy" }, Retryable: true), ApiEndpoint.RequestId(context), TimeSpan.FromSeconds(5));
        }

        IReadOnlyList<string> types = context.RequestServices.GetRequiredService<JobProcessorCatalog>().Types;
        return ApiJson.Result(200, HealthResponse.Healthy(types), ApiJsonContext.Default.HealthResponse);
    });

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 document of this API (a key is needed, as on every route but health).</summary>
    public static Task<IResult> OpenApiAsync(HttpContext context) => ApiEndpoint.RunAsync(context, _ =>
        Task.FromResult(Results.Bytes(OpenApiDocument.Bytes, "application/json; charset=utf-8")));

    private static async Task<IResult> SubmitAsync(string? idempotencyKey, JobsApiServices services, ApiCall call)
    {
        using LargeBodyGate.Lease lease = await services.BodyGate.EnterAsync(call.Request, call.Aborted);
        JobSubmission submission = await EnvelopeSubmitRequest.ReadAsync(call, services, idempotencyKey);
        return await AcceptAsync(submission, services, call);
    }

    private static async Task<IResult> AcceptAsync(JobSubmission submission, JobsApiServices services, ApiCall call)
    {
        (JobRecord job, bool created) = await services.Submitter.SubmitAsync(submission, call.Aborted);
        JobView view = await services.PrepareAsync(call, job, includeInput: false);
        return JobAnswer(created ? 202 : 200, view, response =>
        {
            response.Headers.Location = $"/api/jobs/{job.JobId}";
            response.Headers["Operation-Location"] = services.Urls.Of(call.Request, $"/api/operations/{job.JobId}");
        });
    }

    private static async Task<IResult> GetAsync(GetJobRequest request, JobsApiServices services, ApiCall call)
    {
        JobRecord job = await FindAsync(request.Job, services, call, request.IncludeInput);
        if (request.Wait is { } wait)
        {
            bool conditional = call.Request.Headers.IfNoneMatch.Count > 0;
            JobRecord waited = await WaitAsync(job, wait, j => j.Status.IsTerminal() || (conditional && !Matches(call.Request, JobView.ETagOf(j))), services, call);
            job = request.IncludeInput && JobView.ETagOf(waited) != JobView.ETagOf(job) ? await FindAsync(request.Job, services, call, includeInput: true) : waited;
        }

        string etag = JobView.ETagOf(job);
        return Matches(call.Request, etag)
            ? new NotModified(etag, job.Status.IsTerminal() ? null : RetryAfter(job, services.Time.GetUtcNow()))
            : JobAnswer(200, await services.PrepareAsync(call, job, request.IncludeInput));
    }

    private static async Task<IResult> BatchStatusAsync(BatchStatusRequest request, JobsApiServices services, ApiCall call)
    {
        object[] entries = new object[request.JobIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Length), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = call.Aborted }, async (n, ct) =>
        {
            string id = request.JobIds[n];
            entries[n] = JobId.IsValid(id) && await services.Queries.GetAsync(new JobRef(call.Tenant, id), cancellationToken: ct) is { } job
                ? JobResource.From(await services.PrepareAsync(call, job, includeInput: false))
                : BatchStatusMiss.For(id);
        });
        return ApiJson.Result(200, new BatchStatusResponse(entries), ApiJsonContext.Default.BatchStatusResponse);
    }

    private static async Task<IResult> ListAsync(ListJobsRequest request, JobsApiServices services, ApiCall call)
    {
        (IReadOnlyList<JobRecord> jobs, string? next) = await services.Queries.ListAsync(call.Tenant, request.Status, request.Type, request.Limit, request.TableToken, call.Aborted);
        var page = new JobResource[jobs.Count];
        for (int n = 0; n < jobs.Count; n++)
        {
            page[n] = JobResource.From(await services.PrepareAsync(call, jobs[n], includeInput: false));
        }

        string? continuation = services.Continuation.Encode(next, call.Tenant, request.Status, request.Type);
        return ApiJson.Result(200, new JobList(page, continuation), ApiJsonContext.Default.JobList);
    }

    private static async Task<IResult> GetResultAsync(JobRef request, JobsApiServices services, ApiCall call)
    {
        JobRecord job = await FindAsync(request, services, call);
        return job.Status switch
        {
            JobStatus.Expired => throw new ApiException(410, new JobError(ErrorCodes.JobExpired, "The job's result has expired and was deleted.")),
            not JobStatus.Completed => throw new ApiException(409, new JobError(
                ErrorCodes.JobNotCompleted,
                $"The job is {job.Status.ToWire()}; a result exists only once it is completed.",
                new JsonObject { ["status"] = job.Status.ToWire() })),
            _ when job.Sealed => Results.Bytes(await JobView.OpenSealedResultAsync(job, services.Blobs, services.Sealer, call.Aborted), job.ResultContentType ?? "application/json"),
            _ when job.DocumentContentType is not null => await OutputDocumentAsync(job, services, call),
            _ when job.ResultInBlob => Results.Redirect((await services.PrepareAsync(call, job, includeInput: false)).ResultPointer!.Url.AbsoluteUri),
            _ => Results.Bytes(job.ResultInline ?? [], job.ResultContentType ?? "application/json"),
        };
    }

    private static async Task<IResult> CancelAsync(JobRef request, JobsApiServices services, ApiCall call)
    {
        JobRecord canceled = await services.Control.CancelAsync(request, call.Aborted);
        return JobAnswer(200, await services.PrepareAsync(call, canceled, includeInput: false));
    }

    private static async Task<IResult> GetOperationAsync(OperationRequest request, JobsApiServices services, ApiCall call)
    {
        JobRecord job = await FindAsync(request.Job, services, call);
        if (request.Wait is { } wait)
        {
            job = await WaitAsync(job, wait, j => j.Status.IsTerminal(), services, call);
        }

        string resource = services.Urls.Of(call.Request, $"/api/jobs/{job.JobId}");
        return ApiJson.Result(200, OperationStatusResponse.Of(job, resource), ApiJsonContext.Default.OperationStatusResponse, response =>
        {
            if (!job.Status.IsTerminal())
            {
                response.Headers.RetryAfter = RetryAfter(job, services.Time.GetUtcNow());
            }
        });
    }

    /// <summary>The job resource with its <c>ETag</c>, and <c>Retry-After</c> while it runs.</summary>
    private static IResult JobAnswer(int status, JobView view, Action<HttpResponse>? headers = null) =>
        ApiJson.Result(status, JobResource.From(view), ApiJsonContext.Default.JobResource, response =>
        {
            headers?.Invoke(response);
            response.Headers.ETag = JobView.ETagOf(view.Job);
            if (!view.Job.Status.IsTerminal())
            {
                response.Headers.RetryAfter = RetryAfter(view.Job, view.Now);
            }
        });

    private static async Task<IResult> OutputDocumentAsync(JobRecord job, JobsApiServices services, ApiCall call)
    {
        // The output document itself, whatever its size: the seeds' clients save it as the file it is.
        Azure.Storage.Blobs.Specialized.BlockBlobClient blob = services.Blobs.Document(job.Ref);
        Stream content = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), call.Aborted);
        return Results.Stream(content, job.DocumentContentType, job.DocumentFileName ?? $"{job.JobId}.bin");
    }

    private static string RetryAfter(JobRecord job, DateTimeOffset now) =>
        JobView.RetryAfterSeconds(job, now).ToString(CultureInfo.InvariantCulture);

    private static async Task<JobRecord> FindAsync(JobRef job, JobsApiServices services, ApiCall call, bool includeInput = false) =>
        await services.Queries.GetAsync(job, includeInput, call.Aborted) ?? throw ApiException.NotFound();

    /// <summary>Long-polls (see <see cref="JobWaiters"/>); 429 past the tenant's waiters, 404 when the job is deleted meanwhile.</summary>
    private static async Task<JobRecord> WaitAsync(JobRecord job, TimeSpan wait, Func<JobRecord, bool> done, JobsApiServices services, ApiCall call)
    {
        JobWaitResult waited = await services.Waiters.WaitAsync(job, done, wait, call.Aborted);
        if (waited.Refused)
        {
            int max = services.Options.Value.LongPoll.MaxWaitersPerTenant;
            throw new ApiException(
                429,
                new JobError(ErrorCodes.RateLimited, $"This tenant already has {max} requests waiting; try again shortly, or read without 'wait'.", new JsonObject { ["field"] = "wait", ["max_waiters"] = max }),
                TimeSpan.FromSeconds(1));
        }

        return waited.Job ?? throw ApiException.NotFound();
    }

    private static bool Matches(HttpRequest request, string etag) =>
        Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out IList<Microsoft.Net.Http.Headers.EntityTagHeaderValue>? tags) &&
        tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag), useStrongComparison: false));

    private sealed class NotModified(string etag, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            httpContext.Response.Headers.ETag = etag;
            if (retryAfter is not null)
            {
                httpContext.Response.Headers.RetryAfter = retryAfter;
            }

            return Task.CompletedTask;
        }
    }
}
