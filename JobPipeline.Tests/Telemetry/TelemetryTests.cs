using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Telemetry;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Telemetry;

/// <summary>
/// Traces and metrics read from OpenTelemetry's in-memory exporter, end to end through the host. Each test host gets a
/// job type of its own, so that the counts of other tests' jobs (the exporter hears every host in this process) never mix in.
/// </summary>
public class TelemetryTests(ITestOutputHelper output)
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    [Fact]
    public async Task One_trace_runs_from_the_submit_request_through_the_engine_to_the_processor()
    {
        string type = "test.otel." + Guid.NewGuid().ToString("N")[..8];
        var spans = new SynchronizedList<Activity>();
        await using PipelineFactory server = Server(type, services => services.AddOpenTelemetry().WithTracing(t => t
            .AddSource(JobTelemetry.SourceName)
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(spans)));
        HttpClient client = server.Client();

        string id = await client.SubmitIdAsync(type, new { text = "traced" });
        await client.WaitAsync(id);
        await Leftovers.UntilAsync(() => Task.FromResult(spans.Snapshot().Any(s => s.DisplayName == "processor " + type)), "the processor's span");

        Activity[] all = spans.Snapshot();
        foreach (Activity span in all)
        {
            output.WriteLine($"{span.DisplayName} ({span.Source.Name}, {span.Kind}) {span.TraceId}/{span.SpanId} parent {span.ParentSpanId}");
        }

        Activity submit = Assert.Single(all, s => s.DisplayName == "job submit" && (string?)s.GetTagItem("jobpipeline.job_id") == id);
        ActivityTraceId trace = submit.TraceId;
        Activity request = Assert.Single(Ancestors(all, submit), s => s.Kind == ActivityKind.Server);
        Activity processor = Assert.Single(all, s => s.DisplayName == "processor " + type);
        Activity process = Assert.Single(all, s => s.DisplayName == "job process" && (string?)s.GetTagItem("jobpipeline.job_id") == id);
        Assert.Equal(trace, request.TraceId);
        Assert.Equal(trace, processor.TraceId);
        Assert.Equal(process.SpanId, processor.ParentSpanId);
        Assert.Contains(all, s => s.DisplayName == "job start" && s.TraceId == trace);
        Assert.Contains(process.Events, e => e.Name == "job completed");
    }

    [Fact]
    public async Task The_jobs_trace_holds_its_storage_calls_from_submit_to_the_end()
    {
        string type = "test.otel." + Guid.NewGuid().ToString("N")[..8];
        var spans = new SynchronizedList<Activity>();
        // No source added here: the host itself must listen to JobPipeline's spans and to the Azure SDK's storage spans.
        await using PipelineFactory server = Server(type, services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        HttpClient client = server.Client();

        string id = await client.SubmitIdAsync(type, new { text = "stored" });
        await client.WaitAsync(id);
        // A span is exported when it ends, after its children: wait for the job's last span and every parent in its trace.
        await Leftovers.UntilAsync(() => Task.FromResult(TraceComplete(spans.Snapshot(), id)), "the job's spans");

        Activity[] all = spans.Snapshot();
        Activity submit = Assert.Single(all, s => s.DisplayName == "job submit" && (string?)s.GetTagItem("jobpipeline.job_id") == id);
        Activity process = Assert.Single(all, s => s.DisplayName == "job process" && (string?)s.GetTagItem("jobpipeline.job_id") == id);
        Activity[] storage = [.. all.Where(s => s.TraceId == submit.TraceId && IsStorage(s))];
        foreach (Activity span in all.Where(s => s.TraceId == submit.TraceId))
        {
            output.WriteLine($"{span.DisplayName} ({span.Source.Name}, {span.Kind}) {span.SpanId} parent {span.ParentSpanId}");
        }

        Assert.Equal(submit.TraceId, process.TraceId);
        // The submit writes the job's row; the end of the job writes it again: both inside the job's own spans.
        Assert.Contains(storage, s => s.Source.Name == "Azure.Data.Tables.TableClient" && Ancestors(all, s).Contains(submit));
        Assert.Contains(storage, s => s.Source.Name == "Azure.Data.Tables.TableClient" && Ancestors(all, s).Contains(process));
        Assert.All(storage, s => Assert.Contains(Ancestors(all, s), a => a.Source.Name == JobTelemetry.SourceName || a.Kind == ActivityKind.Server));
    }

    [Fact]
    public async Task Jobs_are_counted_by_type_and_their_queue_wait_and_run_time_recorded()
    {
        string type = "test.otel." + Guid.NewGuid().ToString("N")[..8];
        var metrics = new SynchronizedList<MetricSnapshot>();
        await using PipelineFactory server = Server(type, services => services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(JobTelemetry.SourceName)
            .AddInMemoryExporter(metrics)));
        HttpClient client = server.Client();
        string[] ids =
        [
            await client.SubmitIdAsync(type, new { text = "a" }),
            await client.SubmitIdAsync(type, new { text = "b" }),
            await client.SubmitIdAsync(type, new { text = "c", fail = true }),
        ];
        foreach (string id in ids)
        {
            await client.WaitAsync(id);
        }

        MeterProvider provider = server.Services.GetRequiredService<MeterProvider>();
        Func<string, long> sum = name => Points(metrics, name, type).Sum(p => p.GetSumLong());
        Func<string, long> count = name => Points(metrics, name, type).Sum(p => p.GetHistogramCount());

        // The job's row is terminal a moment before its last instruments are recorded on the worker: flush until they are.
        await Leftovers.UntilAsync(
            () =>
            {
                metrics.Clear();
                provider.ForceFlush();
                return Task.FromResult(count("jobpipeline.job.run_time") == 3);
            },
            "the run time of the three jobs");

        Assert.Equal(3, sum("jobpipeline.jobs.submitted"));
        Assert.Equal(3, sum("jobpipeline.jobs.started"));
        Assert.Equal(2, sum("jobpipeline.jobs.completed"));
        Assert.Equal(1, sum("jobpipeline.jobs.failed"));
        Assert.Equal(0, sum("jobpipeline.jobs.canceled"));
        Assert.Equal(3, count("jobpipeline.job.queue_wait"));
        Assert.All(Points(metrics, "jobpipeline.job.run_time", type), p => Assert.True(p.GetHistogramSum() >= 0));
        Assert.Equal("FAILED_ON_PURPOSE", ExportedMetrics.Tag(Points(metrics, "jobpipeline.jobs.failed", type).Single(), "jobpipeline.error_code"));
    }

    [Fact]
    public async Task Each_jobs_logs_carry_its_tenant_job_id_and_request_id_and_tell_its_lifecycle_and_a_canceled_job_is_counted()
    {
        string type = "test.otel." + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturedLogs();
        await using PipelineFactory server = Server(type, services => services.AddSingleton<ILoggerProvider>(logs));
        HttpClient client = server.Client();
        // The host's own counter (no other host of the test process reaches it), for the canceled job.
        using var canceledCount = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), JobTelemetry.SourceName, "jobpipeline.jobs.canceled");

        string completed = await SubmitAsync(client, type, new { text = "a" }, "logs-submit-1");
        string failed = await SubmitAsync(client, type, new { text = "b", fail = true }, "logs-submit-2");
        string canceled = await SubmitAsync(client, type, new { text = "c", hold = true }, "logs-submit-3");
        await Leftovers.UntilAsync(() => Task.FromResult(logs.Snapshot().Any(l => Is(l, 1602, canceled))), "the held job to start");
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{canceled}/cancel") { Headers = { { "x-request-id", "logs-cancel" } } };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(cancel)).StatusCode);
        string[] ids = [completed, failed, canceled];
        // A job's row is terminal a moment before its end is logged.
        await Leftovers.UntilAsync(() => Task.FromResult(ids.All(id => logs.Snapshot().Any(l => Is(l, 1603, id)))), "the three jobs' ends in the logs");

        CapturedLog[] all = logs.Snapshot();
        foreach (CapturedLog log in all.Where(l => !l.Category.StartsWith("Microsoft.", StringComparison.Ordinal)))
        {
            output.WriteLine($"{log.Category} {log.EventId.Name}: {log.Message} [{string.Join(", ", log.Scope.Select(p => $"{p.Key}={p.Value}"))}]");
        }

        // Every log of the host's own code that names a job is written inside the job's scope.
        foreach (string id in ids)
        {
            CapturedLog[] ofJob = [.. all.Where(l => !l.Category.StartsWith("Microsoft.", StringComparison.Ordinal) && l.Message.Contains(id, StringComparison.Ordinal))];
            Assert.NotEmpty(ofJob);
            Assert.All(ofJob, l => Assert.Equal("tenant-a", l.Scope.GetValueOrDefault("Tenant")));
            Assert.All(ofJob, l => Assert.Equal(id, l.Scope.GetValueOrDefault("JobId")));
        }

        CapturedLog accepted = Assert.Single(all, l => Is(l, 1601, completed));
        Assert.Equal("logs-submit-1", accepted.Scope["RequestId"]);
        Assert.Equal(type, accepted.Fields["JobType"]);
        Assert.Equal("tenant-a", accepted.Fields["Tenant"]);
        Assert.True((double)Assert.Single(all, l => Is(l, 1602, completed)).Fields["QueueWaitMs"]! >= 0);
        CapturedLog ended = Assert.Single(all, l => Is(l, 1603, completed));
        Assert.Equal("completed", ended.Fields["Status"]);
        Assert.True((double)ended.Fields["DurationMs"]! >= 0);
        Assert.Null(ended.Fields["ErrorCode"]);
        CapturedLog endedFailed = Assert.Single(all, l => Is(l, 1603, failed));
        Assert.Equal("failed", endedFailed.Fields["Status"]);
        Assert.Equal("FAILED_ON_PURPOSE", endedFailed.Fields["ErrorCode"]);
        // The cancel request ends the job: its end is logged in the request's scope.
        CapturedLog endedCanceled = Assert.Single(all, l => Is(l, 1603, canceled));
        Assert.Equal("canceled", endedCanceled.Fields["Status"]);
        Assert.Equal("logs-cancel", endedCanceled.Scope["RequestId"]);
        Assert.Equal(type, Assert.Single(canceledCount.GetMeasurementSnapshot()).Tags["jobpipeline.job_type"]);
    }

    private static bool Is(CapturedLog log, int eventId, string jobId) =>
        log.EventId.Id == eventId && Equals(log.Fields.GetValueOrDefault("JobId"), jobId);

    private static async Task<string> SubmitAsync(HttpClient client, string type, object input, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent.Create(new { type, input }),
            Headers = { { "x-request-id", requestId } },
        };
        HttpResponseMessage response = await client.SendAsync(request);
        JsonObject body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body.ToJsonString());
        return body["job_id"]!.GetValue<string>();
    }

    /// <summary>The spans above <paramref name="span"/>, nearest first, as far as they were exported.</summary>
    private static IEnumerable<Activity> Ancestors(Activity[] all, Activity span)
    {
        for (Activity? parent = all.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = all.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    /// <summary>Whether the job's process span, and the parent of every JobPipeline and storage span in the job's trace, have been exported.</summary>
    private static bool TraceComplete(Activity[] all, string id)
    {
        if (all.FirstOrDefault(s => s.DisplayName == "job process" && (string?)s.GetTagItem("jobpipeline.job_id") == id) is not { } process)
        {
            return false;
        }

        Activity[] trace = [.. all.Where(s => s.TraceId == process.TraceId)];
        return trace
            .Where(s => s.Source.Name == JobTelemetry.SourceName || IsStorage(s))
            .All(s => trace.Any(p => p.SpanId == s.ParentSpanId));
    }

    private static bool IsStorage(Activity span) =>
        span.Source.Name.StartsWith("Azure.Data.Tables.", StringComparison.Ordinal) || span.Source.Name.StartsWith("Azure.Storage.", StringComparison.Ordinal);

    private PipelineFactory Server(string type, Action<IServiceCollection> telemetry) =>
        new(Azurite.Shared.GetAwaiter().GetResult(), services: services =>
        {
            services.AddSingleton<IJobProcessor>(new NamedEcho(type));
            telemetry(services);
        }, output: output, host: Host);

    private static List<MetricPoint> Points(SynchronizedList<MetricSnapshot> metrics, string name, string type) =>
        ExportedMetrics.Points(metrics, name, "jobpipeline.job_type", type);

    /// <summary>Echoes <c>text</c>; fails (not retryable) when <c>fail</c> is true.</summary>
    private sealed class NamedEcho(string type) : IJobProcessor
    {
        public string Type => type;

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
            if (input.TryGetProperty("hold", out JsonElement hold) && hold.GetBoolean())
            {
                // Runs until the job is canceled (or the host stops).
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (input.TryGetProperty("fail", out JsonElement fail) && fail.GetBoolean())
            {
                throw new JobProcessingException(new JobError("FAILED_ON_PURPOSE", "Asked to fail."));
            }

            await using Stream result = await execution.Result.OpenAsync("text/plain", ResultForm.Text, cancellationToken);
            await result.WriteAsync(Encoding.UTF8.GetBytes(input.GetProperty("text").GetString()!), cancellationToken);
            return new JobProcessorOutcome([]);
        }
    }
}
