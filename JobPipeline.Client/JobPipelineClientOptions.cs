namespace JobPipeline.Client;

/// <summary>Where the service is, the key, and how the client behaves.</summary>
public sealed class JobPipelineClientOptions
{
    /// <summary>The service's base URL, e.g. <c>https://jobs.example.com</c> (routes live under <c>/api</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c> to the service and never to result URLs.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The <see cref="HttpClient"/> to send with (from <c>IHttpClientFactory</c>, or a test server's); the client
    /// never disposes it. When null the client makes its own.
    /// </summary>
    public HttpClient? Transport { get; set; }

    /// <summary>Retries of failed requests.</summary>
    public JobPipelineRetryOptions Retry { get; } = new();

    /// <summary>
    /// How long one long-poll request waits on the server (<c>?wait=</c>, 1..60 s) in
    /// <see cref="JobPipelineClient.WaitForCompletionAsync"/> and <see cref="JobPipelineClient.WatchAsync"/>;
    /// <see cref="TimeSpan.Zero"/> polls with <c>Retry-After</c> instead.
    /// </summary>
    public TimeSpan LongPollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between two polls when the server has no long-poll.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock (and timers) the client waits with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
