using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace JobPipeline;

/// <summary>
/// The settings a deployer sets under <c>JobPipeline</c> (environment variables and app settings use <c>__</c> for <c>:</c>).
/// Every value has a default that works out of the box, except the storage location and the API keys.
/// </summary>
public sealed class JobPipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "JobPipeline";

    /// <summary>How long a terminal job keeps its input and result before it becomes <c>expired</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an <c>expired</c> stub (summary and timestamps) stays readable before it is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan ExpiredStubRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many expiry-index entries one retention sweep handles at most; the rest wait for the next sweep.</summary>
    [Range(1, 100_000)]
    public int RetentionSweepBatch { get; set; } = 500;

    /// <summary>How often the server's hosted timer runs the retention sweep (the Functions app uses its timer trigger's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Results up to this size come inline in the job resource; larger ones as SAS pointers. At most 64 KiB (a table property).</summary>
    [Range(0, 65536)]
    public int InlineResultMaxBytes { get; set; } = 65536;

    /// <summary>How long a result pointer's SAS URL stays valid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan SasLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest request body accepted (a raw document); larger ones get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest JSON envelope accepted on <c>POST /api/jobs</c> (it is parsed in memory).</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxEnvelopeBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// The bytes of JSON envelopes over 1 MiB that may be read and parsed at once, across all requests (each costs a few
    /// times its size in memory while it is handled). Past it a large envelope waits in line up to
    /// <see cref="LargeBodyQueueTimeout"/>, then gets <c>503 SERVER_BUSY</c> with <c>Retry-After</c>. Default 64 MiB: four
    /// envelopes of the maximum size at once.
    /// </summary>
    [Range(1024L * 1024, 64L * 1024 * 1024 * 1024)]
    public long LargeBodyBudgetBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a large envelope waits for <see cref="LargeBodyBudgetBytes"/> before it is refused with <c>503 SERVER_BUSY</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan LargeBodyQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a job may stay <c>processing</c> before it ends <c>failed</c> with <c>TIMEOUT</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many jobs of one tenant one instance runs at once. A job of a tenant at its cap waits queued, without
    /// holding a worker, and starts when one of the tenant's jobs ends, so one tenant's many long jobs never keep
    /// another tenant's job waiting. Keep it below the engine's concurrency (the server's
    /// <c>JobPipeline:Worker:Concurrency</c>, 8 by default); set it to that concurrency to let one tenant use every worker.
    /// </summary>
    [Range(1, 1024)]
    public int MaxRunningJobsPerTenant { get; set; } = 4;

    /// <summary>How often a step is tried before the job ends <c>failed</c> (transient errors only).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first wait between two attempts of a step; doubled each time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a job's row may take to appear after its engine was told of the job. The submitter tells the engine
    /// before it writes the row, so an engine may meet a job whose row is not there yet; past this wait a job without a
    /// row is dropped (its submit failed, and its client got an error, not a <c>202</c>). Both engines derive their waits
    /// from it: the server's worker hands a message back until it is this old, the Durable orchestrator gives its start
    /// step enough attempts that their retry intervals cover it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan JobRowWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a non-terminal row may go without a change before a read asks the engine whether it fell behind.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Hosts <c>input_url</c> and <c>output_url</c> may name: <c>*.blob.core.windows.net</c> (HTTPS, public addresses
    /// only) or an exact <c>host</c> / <c>host:port</c>, which also allows plain HTTP and a private or loopback address
    /// (Azurite: <c>127.0.0.1:10000</c>). Empty: the feature is off.
    /// </summary>
    public List<string> InputUrlHosts { get; set; } = [];

    /// <summary>Where jobs live.</summary>
    [Required]
    [ValidateObjectMembers]
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The API keys: one entry per key, each with its tenant and the SHA-256 of the key.</summary>
    [ValidateEnumeratedItems]
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// The absolute http(s) base of the URLs the API returns (<c>Operation-Location</c>, <c>resourceLocation</c>), e.g.
    /// <c>https://api.example.com</c> behind a proxy or Front Door. Unset: see <see cref="PublicHosts"/>.
    /// </summary>
    [AbsoluteHttpUrl]
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Without <see cref="PublicBaseUrl"/>: the request <c>Host</c> names (<c>api.example.com</c>, <c>*.example.com</c>;
    /// any port) an absolute URL may be built from. Loopback hosts and the App Service host name
    /// (<c>WEBSITE_HOSTNAME</c>) are always trusted; any other <c>Host</c> gets a URL relative to the request.
    /// </summary>
    [HostPatterns]
    public List<string> PublicHosts { get; set; } = [];

    /// <summary>Per-tenant request rate limits.</summary>
    [Required]
    [ValidateObjectMembers]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Long-poll reads: waiters per tenant, storage reads per waited-on job.</summary>
    [Required]
    [ValidateObjectMembers]
    public LongPollOptions LongPoll { get; set; } = new();

    /// <summary>Webhook deliveries (<c>callback_url</c>): attempts, backoff, timeouts.</summary>
    [Required]
    [ValidateObjectMembers]
    public WebhookOptions Webhooks { get; set; } = new();
}
