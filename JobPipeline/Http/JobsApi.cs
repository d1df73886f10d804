using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Http.Responses;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// The routes of docs/api.md. Each handler is public and takes the <see cref="HttpContext"/> (plus route values), so the
/// server maps them with <see cref="MapJobPipelineApi"/> and each Azure Function calls one in a line.
/// </summary>
public static class JobsApi
{
    private const int MaxMetadataBytes = 8 * 1024;
    private static readonly string[] EnvelopeFields = ["type", "input", "input_url", "options", "metadata", "output_url", "callback_url"];

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
    public static Task<IResult> SubmitAsync(HttpContext context) => ApiEndpoint.RunAsync(context, async call =>
    {
        JobPipelineOptions options = call.Get<IOptions<JobPipelineOptions>>().Value;
        string? idempotencyKey = IdempotencyKey(call.Request);
        using LargeBodyGate.Lease lease = await call.Get<LargeBodyGate>().EnterAsync(call.Request, call.Aborted);
        (byte[] body, JsonElement root) = await RequestReader.ReadJsonAsync(call.Request, options.MaxEnvelopeBytes, call.Aborted);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Invalid("body", "The body must be a JSON object {\"type\", \"input\", \"options\", \"metadata\"}.");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!EnvelopeFields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw ApiException.Invalid(property.Name, $"Unknown field '{property.Name}'.");
            }
        }

        IJobProcessor processor = FindProcessor(call, root.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null);
        if (processor.SealsDataAtRest && root.TryGetProperty("output_url", out JsonElement sealedOutput) && sealedOutput.ValueKind != JsonValueKind.Null)
        {
            throw SealedOutputRefused(processor);
        }

        string? inputUrl = RemoteUrl(call, root, "input_url");
        string? outputUrl = RemoteUrl(call, root, "output_url");
        string? callbackUrl = !root.TryGetProperty("callback_url", out JsonElement callback) || callback.ValueKind == JsonValueKind.Null
            ? null
            : CheckCallbackUrl(call, callback.ValueKind == JsonValueKind.String ? callback.GetString() : null);
        bool hasInput = root.TryGetProperty("input", out JsonElement input) && input.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
        if (hasInput == (inputUrl is not null))
        {
            throw ApiException.Invalid("input", hasInput ? "Give either 'input' or 'input_url', not both." : "The job needs an 'input' (or an 'input_url').");
        }

        JsonObject jobOptions = ObjectField(root, "options");
        JsonObject metadata = ObjectField(root, "metadata");
        if (Encoding.UTF8.GetByteCount(metadata.ToJsonString()) > MaxMetadataBytes)
        {
            throw ApiException.Invalid("metadata", $"Metadata may take at most {MaxMetadataBytes} bytes.");
        }

        string? documentType = inputUrl is null ? null : InputUrlContentType(processor, jobOptions);
        Validate(processor, new JobRequest(processor.Type, hasInput ? input : null, documentType, jobOptions));
        var submission = new JobSubmission
        {
            Tenant = call.Tenant,
            Type = processor.Type,
            InputJson = hasInput ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(input).ToArray() : null,
            InputUrl = inputUrl,
            OutputUrl = outputUrl,
            CallbackUrl = callbackUrl,
            DocumentContentType = documentType,
            OptionsJson = jobOptions.ToJsonString(),
            MetadataJson = metadata.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            RequestHash = idempotencyKey is null ? null : SHA256.HashData([.. "envelope\n"u8, .. body]),
        };
        return await AcceptAsync(call, submission);
    });

    /// <summary><c>POST /api/jobs/{type}</c>: submit a raw document as the body, options in the query string.</summary>
    public static Task<IResult> SubmitDocumentAsync(HttpContext context, string type) => ApiEndpoint.RunAsync(context, async call =>
    {
        JobPipelineOptions options = call.Get<IOptions<JobPipelineOptions>>().Value;
        IJobProcessor processor = FindProcessor(call, type);
        string? idempotencyKey = IdempotencyKey(call.Request);
        string? mediaType = RequestReader.MediaType(call.Request);
        if (mediaType is null || !processor.DocumentContentTypes.Contains(mediaType))
        {
            throw new ApiException(415, JobError.UnsupportedMediaType(mediaType, processor.DocumentContentTypes));
        }

        RequestReader.CheckDeclaredLength(call.Request, options.MaxRequestBodyBytes);
        JsonObject jobOptions = RequestReader.QueryOptions(call.Request);
        string? outputUrl = null;
        if (jobOptions.Remove("output_url", out JsonNode? outputNode))
        {
            if (processor.SealsDataAtRest)
            {
                throw SealedOutputRefused(processor);
            }

            outputUrl = CheckRemoteUrl(call, "output_url", outputNode is JsonValue v && v.TryGetValue(out string? text) ? text : null);
        }

        string? callbackUrl = null;
        if (jobOptions.Remove("callback_url", out JsonNode? callbackNode))
        {
            callbackUrl = CheckCallbackUrl(call, callbackNode is JsonValue c && c.TryGetValue(out string? text) ? text : null);
        }

        Validate(processor, new JobRequest(processor.Type, null, mediaType, jobOptions));

        // A chunked body declares no length: only reading tells whether there is a document at all.
        Stream document = await PrefixedStream.NonEmptyAsync(call.Request.Body, call.Aborted)
            ?? throw ApiException.Invalid("body", "The document is empty.");
        var submission = new JobSubmission
        {
            Tenant = call.Tenant,
            Type = processor.Type,
            Document = document,
            DocumentContentType = mediaType,
            OutputUrl = outputUrl,
            CallbackUrl = callbackUrl,
            OptionsJson = jobOptions.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            MaxDocumentBytes = options.MaxRequestBodyBytes,
        };
        return await AcceptAsync(call, submission);
    });

    /// <summary>
    /// <c>GET /api/jobs/{id}</c>: the job resource, with <c>ETag</c> and <c>If-None-Match</c>; <c>?wait=N</c> long-polls
    /// until the job is terminal or (with <c>If-None-Match</c>) no longer matches, at most N seconds.
    /// </summary>
    public static Task<IResult> GetAsync(HttpContext context, string id) => ApiEndpoint.RunAsync(context, async call =>
    {
        bool includeInput = IncludeInput(call.Request);
        TimeSpan? wait = WaitParameter(call.Request);
        JobRecord job = await FindJobAsync(call, id, includeInput);
        if (wait is { } seconds)
        {
            bool conditional = call.Request.Headers.IfNoneMatch.Count > 0;
            JobRecord waited = await WaitAsync(call, job, seconds, j => j.Status.IsTerminal() || (conditional && !Matches(call.Request, JobView.ETagOf(j))));
            job = includeInput && JobView.ETagOf(waited) != JobView.ETagOf(job) ? await FindJobAsync(call, id, includeInput) : waited;
        }

        string etag = JobView.ETagOf(job);
        if (Matches(call.Request, etag))
        {
            return new NotModified(etag, RetryAfterHeader(job, call));
        }

        JobView view = await PrepareAsync(call, job, includeInput);
        return ApiJson.Result(200, JobResource.From(view), ApiJsonContext.Default.JobResource, response =>
        {
            response.Headers.ETag = etag;
            SetRetryAfter(response, view);
        });
    });

    /// <summary><c>POST /api/jobs/status</c>: the status of 1..100 jobs, in request order, unknown ids in place.</summary>
    public static Task<IResult> BatchStatusAsync(HttpContext context) => ApiEndpoint.RunAsync(context, async call =>
    {
        (_, JsonElement root) = await RequestReader.ReadJsonAsync(call.Request, 64 * 1024, call.Aborted);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("job_ids", out JsonElement ids) || ids.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Invalid("job_ids", "The body must be {\"job_ids\": [1..100 job ids]}.");
        }

        int count = ids.GetArrayLength();
        if (count is < 1 or > 100)
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

        JobQueries queries = call.Get<JobQueries>();
        var views = new JobView?[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = call.Aborted }, async (n, ct) =>
        {
            if (JobId.IsValid(wanted[n]) && await queries.GetAsync(new JobRef(call.Tenant, wanted[n]), cancellationToken: ct) is { } job)
            {
                views[n] = await PrepareAsync(call, job, includeInput: false);
            }
        });
        object[] entries = [.. views.Select((view, n) => view is null ? (object)BatchStatusMiss.For(wanted[n]) : JobResource.From(view))];
        return ApiJson.Result(200, new BatchStatusResponse(entries), ApiJsonContext.Default.BatchStatusResponse);
    });

    /// <summary><c>GET /api/jobs?status=&amp;type=&amp;limit=&amp;continuation=</c>: newest first, one partition query a page.</summary>
    public static Task<IResult> ListAsync(HttpContext context) => ApiEndpoint.RunAsync(context, async call =>
    {
        IQueryCollection query = call.Request.Query;
        foreach (string name in query.Keys)
        {
            if (name is not ("status" or "type" or "limit" or "continuation"))
            {
                throw ApiException.Invalid(name, $"Unknown query parameter '{name}'.");
            }

            if (query[name].Count > 1)
            {
                throw ApiException.Invalid(name, $"'{name}' is given more than once.");
            }
        }

        JobStatus? status = null;
        if (query["status"].FirstOrDefault() is { } statusText)
        {
            status = JobStatusRules.TryParseWire(statusText, out JobStatus parsed)
                ? parsed
                : throw ApiException.Invalid("status", "status is one of queued, processing, completed, failed, canceled, expired.");
        }

        string? type = query["type"].FirstOrDefault();
        if (type is not null && call.Get<JobProcessorCatalog>().Find(type) is null)
        {
            throw ApiException.Invalid("type", $"Unknown job type; known types: {string.Join(", ", call.Get<JobProcessorCatalog>().Types)}.");
        }

        int limit = 50;
        if (query["limit"].FirstOrDefault() is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            throw ApiException.Invalid("limit", "limit is a whole number from 1 to 100.");
        }

        string? continuation = call.Get<ContinuationToken>().Decode(query["continuation"].FirstOrDefault(), call.Tenant, status, type);
        (IReadOnlyList<JobRecord> jobs, string? next) = await call.Get<JobQueries>().ListAsync(call.Tenant, status, type, limit, continuation, call.Aborted);
        JobView[] views = new JobView[jobs.Count];
        for (int n = 0; n < jobs.Count; n++)
        {
            views[n] = await PrepareAsync(call, jobs[n], includeInput: false);
        }

        string? nextToken = call.Get<ContinuationToken>().Encode(next, call.Tenant, status, type);
        return ApiJson.Result(200, new JobList([.. views.Select(JobResource.From)], nextToken), ApiJsonContext.Default.JobList);
    });

    /// <summary>
    /// <c>GET /api/jobs/{id}/result</c>: the result bytes with their content type, or 302 to the SAS URL of a large one;
    /// for a job whose input was a document, the output document as an attachment.
    /// </summary>
    public static Task<IResult> GetResultAsync(HttpContext context, string id) => ApiEndpoint.RunAsync(context, async call =>
    {
        JobRecord job = await FindJobAsync(call, id);
        switch (job.Status)
        {
            case JobStatus.Expired:
                throw new ApiException(410, new JobError(ErrorCodes.JobExpired, "The job's result has expired and was deleted."));
            case not JobStatus.Completed:
                throw new ApiException(409, new JobError(
                    ErrorCodes.JobNotCompleted,
                    $"The job is {job.Status.ToWire()}; a result exists only once it is completed.",
                    new JsonObject { ["status"] = job.Status.ToWire() }));
        }

        if (job.Sealed)
        {
            byte[] opened = await JobView.OpenSealedResultAsync(job, call.Get<JobBlobs>(), call.Context.RequestServices.GetService<IJobDataSealer>(), call.Aborted);
            return Results.Bytes(opened, job.ResultContentType ?? "application/json");
        }

        if (job.DocumentContentType is not null)
        {
            return await DocumentResultAsync(call, job);
        }

        if (job.ResultInBlob)
        {
            JobView view = await PrepareAsync(call, job, includeInput: false);
            return Results.Redirect(view.ResultPointer!.Url.AbsoluteUri);
        }

        return Results.Bytes(job.ResultInline ?? [], job.ResultContentType ?? "application/json");
    });

    /// <summary><c>POST /api/jobs/{id}/cancel</c>: 200 with the job now <c>canceled</c>; 409 if it already ended.</summary>
    public static Task<IResult> CancelAsync(HttpContext context, string id) => ApiEndpoint.RunAsync(context, async call =>
    {
        JobRef job = ParseId(call, id);
        JobRecord canceled = await call.Get<JobControl>().CancelAsync(job, call.Aborted);
        JobView view = await PrepareAsync(call, canceled, includeInput: false);
        return ApiJson.Result(200, JobResource.From(view), ApiJsonContext.Default.JobResource, response => response.Headers.ETag = JobView.ETagOf(canceled));
    });

    /// <summary><c>DELETE /api/jobs/{id}</c>: 204; everything of the job is gone.</summary>
    public static Task<IResult> DeleteAsync(HttpContext context, string id) => ApiEndpoint.RunAsync(context, async call =>
    {
        await call.Get<JobControl>().DeleteAsync(ParseId(call, id), call.Aborted);
        return Results.NoContent();
    });

    /// <summary>
    /// <c>GET /api/operations/{id}</c>: the job as an Azure long-running-operation status monitor; <c>?wait=N</c>
    /// long-polls until the operation is terminal, at most N seconds.
    /// </summary>
    public static Task<IResult> GetOperationAsync(HttpContext context, string id) => ApiEndpoint.RunAsync(context, async call =>
    {
        TimeSpan? wait = WaitParameter(call.Request);
        JobRecord job = await FindJobAsync(call, id);
        if (wait is { } seconds)
        {
            job = await WaitAsync(call, job, seconds, j => j.Status.IsTerminal());
        }

        string resource = AbsoluteUrl(call.Request, $"/api/jobs/{job.JobId}");
        return ApiJson.Result(200, OperationStatusResponse.Of(job, resource), ApiJsonContext.Default.OperationStatusResponse, response =>
        {
            if (!job.Status.IsTerminal())
            {
                response.Headers.RetryAfter = JobView.RetryAfterSeconds(job, call.Get<TimeProvider>().GetUtcNow()).ToString(CultureInfo.InvariantCulture);
            }
        });
    });

    /// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not (one probe a second at most). No key needed.</summary>
    public static Task<IResult> HealthAsync(HttpContext context) => ApiEndpoint.RunAnonymousAsync(context, async () =>
    {
        if (!await context.RequestServices.GetRequiredService<StorageHealthProbe>().IsHealthyAsync(context.RequestAborted))
        {
            return ErrorResponse.Create(503, new JobError(ErrorCodes.StorageUnavailable, "Storage is not reachable.", new JsonObject { ["status"] = "unhealthy" }, Retryable: true), ApiEndpoint.RequestId(context), TimeSpan.FromSeconds(5));
        }

        IReadOnlyList<string> types = [.. context.RequestServices.GetRequiredService<JobProcessorCatalog>().Types];
        return ApiJson.Result(200, HealthResponse.Healthy(types), ApiJsonContext.Default.HealthResponse);
    });

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 document of this API (a key is needed, as on every route but health).</summary>
    public static Task<IResult> OpenApiAsync(HttpContext context) => ApiEndpoint.RunAsync(context, _ =>
        Task.FromResult(Results.Bytes(OpenApiDocument.Bytes, "application/json; charset=utf-8")));

    private static async Task<IResult> AcceptAsync(ApiCall call, JobSubmission submission)
    {
        (JobRecord job, bool created) = await call.Get<JobSubmitter>().SubmitAsync(submission, call.Aborted);
        JobView view = await PrepareAsync(call, job, includeInput: false);
        return ApiJson.Result(created ? 202 : 200, JobResource.From(view), ApiJsonContext.Default.JobResource, response =>
        {
            response.Headers.Location = $"/api/jobs/{job.JobId}";
            response.Headers["Operation-Location"] = AbsoluteUrl(call.Request, $"/api/operations/{job.JobId}");
            response.Headers.ETag = JobView.ETagOf(job);
            SetRetryAfter(response, view);
        });
    }

    private static async Task<IResult> DocumentResultAsync(ApiCall call, JobRecord job)
    {
        // The output document itself, whatever its size: the seeds' clients save it as the file it is.
        Azure.Storage.Blobs.Specialized.BlockBlobClient blob = call.Get<JobBlobs>().Document(job.Ref);
        Stream content = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), call.Aborted);
        return Results.Stream(content, job.DocumentContentType, job.DocumentFileName ?? $"{job.JobId}.bin");
    }

    private static Task<JobView> PrepareAsync(ApiCall call, JobRecord job, bool includeInput) =>
        JobView.PrepareAsync(job, call.Get<JobBlobs>(), call.Get<IOptions<JobPipelineOptions>>().Value, call.Get<TimeProvider>(), includeInput, call.Aborted,
            call.Context.RequestServices.GetService<IJobDataSealer>(), job.Sealed ? new Uri(AbsoluteUrl(call.Request, $"/api/jobs/{job.JobId}/result")) : null);

    private static void SetRetryAfter(HttpResponse response, JobView view)
    {
        if (!view.Job.Status.IsTerminal())
        {
            response.Headers.RetryAfter = JobView.RetryAfterSeconds(view.Job, view.Now).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string? RetryAfterHeader(JobRecord job, ApiCall call) =>
        job.Status.IsTerminal() ? null : JobView.RetryAfterSeconds(job, call.Get<TimeProvider>().GetUtcNow()).ToString(CultureInfo.InvariantCulture);

    private static JobRef ParseId(ApiCall call, string id) =>
        JobId.IsValid(id)
            ? new JobRef(call.Tenant, id)
            : throw new ApiException(400, new JobError(ErrorCodes.InvalidJobId, $"A job id is {JobId.Length} characters of 0-9 and a-z (Crockford base32)."));

    private static async Task<JobRecord> FindJobAsync(ApiCall call, string id, bool includeInput = false) =>
        await call.Get<JobQueries>().GetAsync(ParseId(call, id), includeInput, call.Aborted) ?? throw ApiException.NotFound();

    /// <summary>Long-polls (see <see cref="JobWaiters"/>); 429 past the tenant's waiters, 404 when the job is deleted meanwhile.</summary>
    private static async Task<JobRecord> WaitAsync(ApiCall call, JobRecord job, TimeSpan wait, Func<JobRecord, bool> done)
    {
        JobWaitResult waited = await call.Get<JobWaiters>().WaitAsync(job, done, wait, call.Aborted);
        if (waited.Refused)
        {
            int max = call.Get<IOptions<JobPipelineOptions>>().Value.LongPoll.MaxWaitersPerTenant;
            throw new ApiException(
                429,
                new JobError(ErrorCodes.RateLimited, $"This tenant already has {max} requests waiting; try again shortly, or read without 'wait'.", new JsonObject { ["field"] = "wait", ["max_waiters"] = max }),
                TimeSpan.FromSeconds(1));
        }

        return waited.Job ?? throw ApiException.NotFound();
    }

    /// <summary><c>?wait=N</c>: a whole number of seconds, 1..60, given once; null when absent.</summary>
    private static TimeSpan? WaitParameter(HttpRequest request)
    {
        Microsoft.Extensions.Primitives.StringValues values = request.Query["wait"];
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= 60
            ? TimeSpan.FromSeconds(seconds)
            : throw ApiException.Invalid("wait", "wait is a whole number of seconds from 1 to 60, given once.");
    }

    private static IJobProcessor FindProcessor(ApiCall call, string? type)
    {
        JobProcessorCatalog catalog = call.Get<JobProcessorCatalog>();
        return catalog.Find(type) ?? throw new ApiException(400, new JobError(
            ErrorCodes.ValidationFailed,
            type is null ? "The job needs a 'type'." : "Unknown job type.",
            new JsonObject { ["field"] = "type", ["known_types"] = new JsonArray([.. catalog.Types.Select(t => (JsonNode)t)]) }));
    }

    private static void Validate(IJobProcessor processor, JobRequest request)
    {
        if (processor.Validate(request) is { } error)
        {
            throw new ApiException(error.Code == ErrorCodes.UnsupportedMediaType ? 415 : 400, error);
        }
    }

    // A sealed job's result rests only sealed with the tenant's key: written to output_url it would be either
    // unreadable (sealed bytes) or the vault's values in clear outside the vault. Neither is offered.
    private static ApiException SealedOutputRefused(IJobProcessor processor) => ApiException.Invalid(
        "output_url",
        $"'{processor.Type}' jobs keep their data sealed at rest; their result is only read through GET /api/jobs/{{id}}/result, so output_url cannot be used.");

    private static string? RemoteUrl(ApiCall call, JsonElement root, string field) =>
        !root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null
            ? null
            : CheckRemoteUrl(call, field, value.ValueKind == JsonValueKind.String ? value.GetString() : null);

    private static string CheckRemoteUrl(ApiCall call, string field, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw ApiException.Invalid(field, $"'{field}' must be an absolute https URL.");
        }

        return call.Get<Remote.RemoteDocuments>().Policy.Refusal(uri) is { } refusal ? throw ApiException.Invalid(field, refusal) : url;
    }

    private static string CheckCallbackUrl(ApiCall call, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw ApiException.Invalid("callback_url", "'callback_url' must be an absolute https URL.");
        }

        if (url.Length > 2048)
        {
            throw ApiException.Invalid("callback_url", "'callback_url' may be at most 2048 characters long.");
        }

        return call.Get<Webhooks.WebhookTenants>().Refusal(call.Tenant, uri) is { } refusal ? throw ApiException.Invalid("callback_url", refusal) : uri.AbsoluteUri;
    }

    // An input_url document is read as options.content_type says; the option is the envelope's, not the job type's.
    private static string InputUrlContentType(IJobProcessor processor, JsonObject jobOptions)
    {
        string? declared = jobOptions.Remove("content_type", out JsonNode? node) && node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (declared is null)
        {
            throw ApiException.Invalid("options.content_type", "With input_url, options.content_type must say how to read the document (e.g. application/pdf).");
        }

        string mediaType = declared.Split(';')[0].Trim().ToLowerInvariant();
        return processor.DocumentContentTypes.Contains(mediaType)
            ? mediaType
            : throw new ApiException(415, JobError.UnsupportedMediaType(mediaType, processor.DocumentContentTypes));
    }

    private static JsonObject ObjectField(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(value.GetRawText())!.AsObject()
            : throw ApiException.Invalid(name, $"'{name}' must be a JSON object.");
    }

    private static string? IdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("Idempotency-Key", out Microsoft.Extensions.Primitives.StringValues values))
        {
            return null;
        }

        string? key = values.Count == 1 ? values[0] : null;
        return key is { Length: >= 1 and <= 255 } && key.All(c => c is >= '!' and <= '~')
            ? key
            : throw ApiException.Invalid("Idempotency-Key", "Idempotency-Key is 1 to 255 visible ASCII characters, given once.");
    }

    private static bool Matches(HttpRequest request, string etag) =>
        Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out IList<Microsoft.Net.Http.Headers.EntityTagHeaderValue>? tags) &&
        tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag), useStrongComparison: false));

    private static bool IncludeInput(HttpRequest request)
    {
        Microsoft.Extensions.Primitives.StringValues values = request.Query["include"];
        string? include = values.Count > 1 ? "" : values.FirstOrDefault();
        return include switch
        {
            null => false,
            "input" => true,
            _ => throw ApiException.Invalid("include", "include takes the value 'input'."),
        };
    }

    private static string AbsoluteUrl(HttpRequest request, string path) =>
        request.HttpContext.RequestServices.GetRequiredService<PublicUrls>().Of(request, path);

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
