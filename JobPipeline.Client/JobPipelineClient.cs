using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobPipeline.Client;

/// <summary>
/// The client of the JobPipeline API: submit jobs, follow them to the end (server long-poll when the service has
/// it, else <c>Retry-After</c> with jittered backoff), list, fetch results (following SAS pointers without the API
/// key), cancel and delete. Thread-safe; make one and reuse it. Every method is virtual, so it can be mocked.
/// </summary>
public class JobPipelineClient
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http = null!;
    private readonly string _apiKey = null!;
    private readonly JobPipelineClientOptions _options = null!;

    /// <summary>Creates a client for <paramref name="endpoint"/> with <paramref name="apiKey"/>.</summary>
    public JobPipelineClient(Uri endpoint, string apiKey, JobPipelineClientOptions? options = null)
        : this(With(options ?? new JobPipelineClientOptions(), endpoint, apiKey))
    {
    }

    /// <summary>Creates a client from <paramref name="options"/> (<see cref="JobPipelineClientOptions.Endpoint"/> and <see cref="JobPipelineClientOptions.ApiKey"/> required).</summary>
    public JobPipelineClient(JobPipelineClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Uri endpoint = options.Endpoint ?? throw new ArgumentException("The options need an Endpoint.", nameof(options));
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The Endpoint must be an absolute URL.", nameof(options));
        }

        _apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? throw new ArgumentException("The options need an ApiKey.", nameof(options)) : options.ApiKey;
        _options = options;
        Endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _http = options.Transport ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    /// <summary>For mocking.</summary>
    protected JobPipelineClient()
    {
        Endpoint = null!;
    }

    /// <summary>The service's base URL.</summary>
    public virtual Uri Endpoint { get; }

    /// <summary>Submits a job with a JSON input (<c>POST /api/jobs</c>); returns it queued (or, for a repeated idempotency key, as it stands).</summary>
    public virtual async Task<Job> SubmitAsync(string type, JsonNode input, SubmitJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(input);
        string key = options?.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new SubmitEnvelope(type, input, options?.Options, options?.Metadata, options?.CallbackUrl), WireJsonContext.Default.SubmitEnvelope);
        using HttpResponseMessage response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, Url("api/jobs")) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
                request.Headers.Add("Idempotency-Key", key);
                return request;
            },
            Retry.Always,
            cancellationToken);
        return await ReadJobAsync(response, cancellationToken);
    }

    /// <summary>
    /// Submits a document as the body (<c>POST /api/jobs/{type}</c>) with its content type; the job's options go in
    /// the query string. A seekable stream is sent again on a retry; a forward-only one is sent once.
    /// </summary>
    public virtual async Task<Job> SubmitAsync(string type, Stream document, string contentType, SubmitJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        if (options?.Metadata is not null)
        {
            throw new ArgumentException("A document submit takes options, a callback URL and an idempotency key; metadata needs the JSON submit.", nameof(options));
        }

        string key = options?.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        var query = new StringBuilder();
        foreach ((string name, JsonNode? value) in options?.Options ?? [])
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=')
                .Append(Uri.EscapeDataString(value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString() ?? "null"));
        }

        if (options?.CallbackUrl is { } callbackUrl)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("callback_url=").Append(Uri.EscapeDataString(callbackUrl.AbsoluteUri));
        }

        long start = document.CanSeek ? document.Position : 0;
        var mediaType = MediaTypeHeaderValue.Parse(contentType);
        using HttpResponseMessage response = await SendAsync(
            () =>
            {
                if (document.CanSeek)
                {
                    document.Position = start;
                }

                var request = new HttpRequestMessage(HttpMethod.Post, Url($"api/jobs/{Uri.EscapeDataString(type)}{query}"))
                {
                    Content = new StreamContent(new NonClosingStream(document)),
                };
                request.Content.Headers.ContentType = mediaType;
                request.Headers.Add("Idempotency-Key", key);
                return request;
            },
            document.CanSeek ? Retry.Always : Retry.Never,
            cancellationToken);
        return await ReadJobAsync(response, cancellationToken);
    }

    /// <summary>The job as it stands (<c>GET /api/jobs/{id}</c>).</summary>
    public virtual async Task<Job> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(jobId, wait: null, etag: null, cancellationToken)).Job!;

    /// <summary>
    /// The job at each change (status, progress) until it is terminal, the last one yielded being the terminal job.
    /// Uses the server's long-poll (<c>?wait=</c> with <c>If-None-Match</c>), so no change is waited for longer than
    /// necessary and nothing is polled in vain; against a server without long-poll, it polls with the server's
    /// <c>Retry-After</c> and a jittered backoff.
    /// </summary>
    public virtual async IAsyncEnumerable<Job> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (Job? job, string? etag) = await ReadAsync(jobId, wait: null, etag: null, cancellationToken);
        yield return job!;
        int wait = (int)Math.Clamp(Math.Ceiling(_options.LongPollWait.TotalSeconds), 0, 60);
        bool longPoll = wait > 0;
        int quiet = 0;
        TimeProvider time = _options.TimeProvider;
        while (!job!.Status.IsTerminal())
        {
            if (!longPoll)
            {
                TimeSpan pause = job.RetryAfter is int seconds and > 0
                    ? TimeSpan.FromSeconds(seconds) * Math.Pow(1.5, Math.Min(quiet, 10))
                    : _options.Retry.Delay * Math.Pow(2, Math.Min(quiet, 10));
                await Task.Delay(Jitter(pause < _options.MaxPollInterval ? pause : _options.MaxPollInterval), time, cancellationToken);
            }

            long started = time.GetTimestamp();
            (Job? next, string? nextEtag) read;
            try
            {
                read = await ReadAsync(jobId, longPoll ? wait : null, etag, cancellationToken);
            }
            catch (JobPipelineRequestException e) when (longPoll && ((e.Status == 400 && e.ErrorCode == "VALIDATION_FAILED") || e.Status == 429))
            {
                // A server that knows no long-poll and refuses unknown parameters, or one whose waiting requests for
                // this tenant are used up even after the retries: poll with Retry-After instead.
                longPoll = false;
                continue;
            }

            if (read.next is null)
            {
                // Unchanged. A long-poll server answers that only when the wait ran out; one that answers it at once
                // ignores 'wait': poll with Retry-After from now on.
                if (longPoll && time.GetElapsedTime(started) < TimeSpan.FromSeconds(wait / 2.0))
                {
                    longPoll = false;
                }

                quiet++;
                continue;
            }

            quiet = 0;
            job = read.next;
            etag = read.nextEtag;
            yield return job;
        }
    }

    /// <summary>Waits until the job is terminal and returns it (see <see cref="WatchAsync"/>); a failed or canceled job is returned, not thrown.</summary>
    public virtual async Task<Job> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Job? last = null;
        await foreach (Job job in WatchAsync(jobId, cancellationToken))
        {
            last = job;
        }

        return last!;
    }

    /// <summary>The tenant's jobs, newest first, page after page (<c>GET /api/jobs</c> over continuation tokens).</summary>
    public virtual async IAsyncEnumerable<Job> ListAsync(
        JobStatus? status = null, string? type = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var query = new StringBuilder("api/jobs");
            Append(query, "status", status?.ToWire());
            Append(query, "type", type);
            Append(query, "limit", pageSize?.ToString(CultureInfo.InvariantCulture));
            Append(query, "continuation", continuation);
            using HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(query.ToString())), Retry.Always, cancellationToken);
            JobPage page = await ReadJsonAsync(response, WireJsonContext.Default.JobPage, cancellationToken);
            foreach (Job job in page.Data)
            {
                yield return job;
            }

            continuation = page.Next;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// The completed job's <c>result</c> as JSON. A result kept in storage (an <c>is_url</c> pointer) is downloaded
    /// from its SAS URL, without the API key: JSON is parsed, text becomes a JSON string. Throws
    /// <see cref="JobPipelineRequestException"/> with <c>JOB_NOT_COMPLETED</c> (409) before the job completed and
    /// <c>JOB_EXPIRED</c> (410) after retention, as the result route does. A document job's result is its JSON
    /// (findings and the document's pointer); <see cref="DownloadResultAsync"/> fetches the document itself.
    /// </summary>
    public virtual async Task<JsonElement> GetResultAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Job job = await GetAsync(jobId, cancellationToken);
        if (job.Status == JobStatus.Expired)
        {
            throw new JobPipelineRequestException(410, "JOB_EXPIRED", "The job's result has expired and was deleted.");
        }

        if (job.Status != JobStatus.Completed || job.Result is not { } result)
        {
            throw new JobPipelineRequestException(409, "JOB_NOT_COMPLETED", $"The job is {job.Status.ToWire()}; a result exists only once it is completed.");
        }

        if (job.ResultPointer is not { } pointer)
        {
            return result;
        }

        using HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pointer.Url), Retry.Always, cancellationToken, authenticate: false);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? mediaType = response.Content.Headers.ContentType?.MediaType ?? pointer.ContentType;
        if (mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return JsonDocument.Parse(bytes).RootElement.Clone();
        }

        if (mediaType is not null && mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(bytes), JobPipelineJsonContext.Default.String);
        }

        throw new InvalidOperationException($"The result is {mediaType}, not JSON or text: use DownloadResultAsync.");
    }

    /// <summary>
    /// Writes the result's bytes (a document job's output document) to <paramref name="destination"/>, from the
    /// result route (<c>GET /api/jobs/{id}/result</c>); a redirect to a SAS URL is followed without the API key.
    /// </summary>
    public virtual async Task<JobResultDownload> DownloadResultAsync(string jobId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"api/jobs/{Id(jobId)}/result")), Retry.Always, cancellationToken);
        try
        {
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                Uri target = location.IsAbsoluteUri ? location : new Uri(Endpoint, location);
                response.Dispose();
                response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, target), Retry.Always, cancellationToken, authenticate: false);
            }

            await using Stream content = await response.Content.ReadAsStreamAsync(cancellationToken);
            var counting = new CountingStream(destination);
            await content.CopyToAsync(counting, cancellationToken);
            ContentDispositionHeaderValue? disposition = response.Content.Headers.ContentDisposition;
            string? fileName = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
            return new JobResultDownload(response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", fileName, counting.Written);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>Cancels a queued or processing job (<c>POST /api/jobs/{id}/cancel</c>); 409 <c>JOB_ALREADY_FINISHED</c> when it ended.</summary>
    public virtual async Task<Job> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"api/jobs/{Id(jobId)}/cancel")), Retry.WhenRefused, cancellationToken);
        return await ReadJobAsync(response, cancellationToken);
    }

    /// <summary>Deletes the job, its input, result and history (<c>DELETE /api/jobs/{id}</c>).</summary>
    public virtual async Task DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url($"api/jobs/{Id(jobId)}")), Retry.WhenRefused, cancellationToken);
    }

    private async Task<(Job? Job, string? ETag)> ReadAsync(string jobId, int? wait, string? etag, CancellationToken cancellationToken)
    {
        string path = $"api/jobs/{Id(jobId)}" + (wait is { } w ? $"?wait={w.ToString(CultureInfo.InvariantCulture)}" : "");
        using HttpResponseMessage response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
                if (etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                return request;
            },
            Retry.Always,
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return (null, etag);
        }

        return (await ReadJobAsync(response, cancellationToken), response.Headers.ETag?.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, Retry retry, CancellationToken cancellationToken, bool authenticate = true)
    {
        JobPipelineRetryOptions policy = _options.Retry;
        for (int attempt = 0; ; attempt++)
        {
            using HttpRequestMessage request = build();
            if (authenticate)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            }

            bool more = retry != Retry.Never && attempt < policy.MaxRetries;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                if (more && retry == Retry.Always)
                {
                    await Task.Delay(Backoff(attempt), _options.TimeProvider, cancellationToken);
                    continue;
                }

                throw new JobPipelineRequestException(0, null, $"The service could not be reached: {e.Message}", innerException: e);
            }

            int status = (int)response.StatusCode;
            if (status < 400)
            {
                return response;
            }

            // 429 and 503 say the request was not carried out, so any request may be sent again; 500, 502, 504 and
            // 408 may hide a request that did happen, so only requests that are safe to repeat are.
            bool refused = status is 429 or 503;
            bool unsure = status is 408 or 500 or 502 or 504;
            if (more && (refused || (unsure && retry == Retry.Always)))
            {
                TimeSpan delay = RetryAfter(response) is { } after && after <= policy.MaxDelay ? after : Backoff(attempt);
                response.Dispose();
                await Task.Delay(delay, _options.TimeProvider, cancellationToken);
                continue;
            }

            using (response)
            {
                throw await ErrorAsync(response, cancellationToken);
            }
        }
    }

    private async Task<JobPipelineRequestException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? requestId = response.Headers.TryGetValues("x-request-id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
        ErrorEnvelope.Body? error = null;
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, WireJsonContext.Default.ErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            // Not the service's envelope (a proxy's page): the status says enough.
        }

        return new JobPipelineRequestException(
            status,
            error?.Code,
            error?.Message ?? $"The service answered {status} {response.ReasonPhrase}.",
            error?.Details,
            error?.RequestId ?? requestId,
            RetryAfter(response));
    }

    private static async Task<Job> ReadJobAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ReadJsonAsync(response, JobPipelineJsonContext.Default.Job, cancellationToken);

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
            ?? throw new JobPipelineRequestException((int)response.StatusCode, null, "The service answered an empty body.");
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - _options.TimeProvider.GetUtcNow() : null;
    }

    private TimeSpan Backoff(int attempt)
    {
        TimeSpan delay = _options.Retry.Delay * Math.Pow(2, Math.Min(attempt, 16));
        return Jitter(delay < _options.Retry.MaxDelay ? delay : _options.Retry.MaxDelay);
    }

    /// <summary>±20 %, so that many clients told the same delay do not come back at the same instant.</summary>
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));

    private Uri Url(string relative) => new(Endpoint, relative);

    private static string Id(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return Uri.EscapeDataString(jobId);
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Append(query.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static JobPipelineClientOptions With(JobPipelineClientOptions options, Uri endpoint, string apiKey)
    {
        options.Endpoint = endpoint;
        options.ApiKey = apiKey;
        return options;
    }

    /// <summary>Which failures a request may be sent again after.</summary>
    private enum Retry
    {
        /// <summary>Safe to repeat: every retryable failure.</summary>
        Always,

        /// <summary>Not safe to repeat blindly: only answers that say nothing was done (429, 503).</summary>
        WhenRefused,

        /// <summary>Cannot be sent twice (a forward-only body).</summary>
        Never,
    }

    /// <summary>Keeps the caller's stream open when the request content is disposed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts what is written through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
