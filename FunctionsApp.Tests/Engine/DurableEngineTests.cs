using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsApp.Engine;
using FunctionsApp.Http;
using FunctionsApp.Retention;
using FunctionsApp.Tests.Support;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// FunctionsApp's own HTTP triggers, orchestrator, activities and retention timer on a real Durable Task engine: jobs
/// enter through the triggers and run as orchestrations of <see cref="JobOrchestrator"/>. Each engine runs every case
/// (see the derived classes).
/// </summary>
public abstract class DurableEngineTests(DurableEngineKind kind)
{
    /// <summary>Rows quiet for a second are checked against the engine on read (the minimum the options allow).</summary>
    private static readonly Dictionary<string, string?> QuickReconcile = new() { ["JobPipeline:ReconcileAfter"] = "00:00:01" };

    [Fact]
    public async Task A_job_completes_through_the_orchestrator_with_its_result_inline()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind);

        string id = await app.SubmitAsync("""{"type":"json.format","input":{"json":"{\"b\":1,\"a\":[1,2]}"},"options":{"indent":0,"sort_keys":true}}""");
        JsonObject job = (await app.WaitAsync(id)).Json;
        TriggerResponse result = await app.SendAsync((r, d) => JobsFunctions.GetJobResult(r, d, id), "GET", $"/api/jobs/{id}/result");
        OrchestrationMetadata instance = await CompletionAsync(app, id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("""{"a":[1,2],"b":1}""", job["result"]!.GetValue<string>());
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal("""{"a":[1,2],"b":1}""", result.Body);
        Assert.NotNull(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(JobStatus.Completed, instance.ReadOutputAs<JobStatus>());
        Assert.Equal(new JobRef("tenant-a", id), instance.ReadInputAs<JobOrchestration>()!.Job);
        Assert.True(instance.ReadInputAs<JobOrchestration>()!.Fused);

        // The fused activity's start counts the attempt in its move; its process step adds no count of its own.
        Assert.Equal(1, (await app.Services.GetRequiredService<JobTable>().GetAsync(new JobRef("tenant-a", id)))!.Attempts);
    }

    [Fact]
    public async Task With_fused_steps_off_a_job_completes_through_the_start_and_process_activities_of_their_own()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind, new Dictionary<string, string?> { ["JobPipeline:Durable:FuseStartAndProcess"] = "false" });

        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"one step at a time"}}""");
        JsonObject job = (await app.WaitAsync(id)).Json;
        OrchestrationMetadata instance = await CompletionAsync(app, id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("one step at a time", job["result"]!.GetValue<string>());
        Assert.False(instance.ReadInputAs<JobOrchestration>()!.Fused);
        Assert.Equal(JobStatus.Completed, instance.ReadOutputAs<JobStatus>());

        // The start activity does not count (its process step may run on another instance); the process activity does, once.
        Assert.Equal(1, (await app.Services.GetRequiredService<JobTable>().GetAsync(new JobRef("tenant-a", id)))!.Attempts);
    }

    [Fact]
    public async Task Invalid_json_input_ends_the_job_failed_with_INVALID_JSON_and_its_line_and_column()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind);

        string id = await app.SubmitAsync("""{"type":"json.format","input":{"json":"{\n  \"a\": 1,\n  \"b\": tru\n}"}}""");
        JsonObject job = (await app.WaitAsync(id)).Json;
        OrchestrationMetadata instance = await CompletionAsync(app, id);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        JsonNode error = job["error"]!;
        Assert.Equal("INVALID_JSON", error["code"]!.GetValue<string>());
        Assert.Equal(3, error["details"]!["line"]!.GetValue<int>());
        Assert.True(error["details"]!["column"]!.GetValue<int>() > 0);
        Assert.False(error["retryable"]!.GetValue<bool>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(JobStatus.Failed, instance.ReadOutputAs<JobStatus>());
    }

    [Fact]
    public async Task A_result_over_the_inline_limit_is_an_is_url_pointer_that_downloads()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind);

        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"0123456789abcdef","repeat":10000}}""");
        JsonObject job = (await app.WaitAsync(id)).Json;
        using var anonymous = new HttpClient();

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        JsonNode pointer = job["result"]!;
        Assert.True(pointer["is_url"]!.GetValue<bool>());
        Assert.Equal(160_000, pointer["size_bytes"]!.GetValue<long>());
        HttpResponseMessage download = await anonymous.GetAsync(pointer["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        string text = await download.Content.ReadAsStringAsync();
        Assert.Equal(160_000, text.Length);
        Assert.StartsWith("0123456789abcdef0123456789abcdef", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_while_processing_ends_the_job_canceled_and_terminates_its_orchestration()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind);
        string id = await app.SubmitAsync("""{"type":"test.gate","input":{}}""");
        await app.WaitForStatusAsync(id, status => status == "processing");

        TriggerResponse cancel = await app.SendAsync((r, d) => JobsFunctions.CancelJob(r, d, id), "POST", $"/api/jobs/{id}/cancel");
        JsonObject job = (await app.WaitAsync(id)).Json;
        OrchestrationMetadata? instance = null;
        await FunctionsAppHost.EventuallyAsync(
            async () => (instance = await app.Durable.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated,
            $"orchestration {id} terminated");

        Assert.True(cancel.StatusCode is StatusCodes.Status200OK or StatusCodes.Status202Accepted, cancel.Body);
        Assert.Equal("canceled", job["status"]!.GetValue<string>());
        Assert.False(job.ContainsKey("result"));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance!.RuntimeStatus);
    }

    [Fact]
    public async Task Delete_answers_404_afterwards_and_purges_the_orchestration()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind);
        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"bye"}}""");
        await app.WaitAsync(id);
        await CompletionAsync(app, id);

        TriggerResponse delete = await app.SendAsync((r, d) => JobsFunctions.DeleteJob(r, d, id), "DELETE", $"/api/jobs/{id}");
        TriggerResponse read = await app.GetAsync(id);
        TriggerResponse result = await app.SendAsync((r, d) => JobsFunctions.GetJobResult(r, d, id), "GET", $"/api/jobs/{id}/result");

        Assert.Equal(StatusCodes.Status204NoContent, delete.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, read.StatusCode);
        Assert.Equal("JOB_NOT_FOUND", read.Json["error"]!["code"]!.GetValue<string>());
        Assert.Equal(StatusCodes.Status404NotFound, result.StatusCode);
        Assert.Null(await app.Durable.GetInstanceAsync(id));
    }

    [Fact]
    public async Task A_row_whose_orchestration_was_terminated_outside_the_api_is_repaired_to_canceled_on_read()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind, QuickReconcile);
        string id = await app.SubmitAsync("""{"type":"test.gate","input":{}}""");
        await app.WaitForStatusAsync(id, status => status == "processing");

        await app.Durable.TerminateInstanceAsync(id);
        await FunctionsAppHost.EventuallyAsync(
            async () => (await app.Durable.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated,
            $"orchestration {id} terminated");
        JsonObject job = (await app.WaitAsync(id)).Json;
        app.Gate.Open();

        Assert.Equal("canceled", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_row_whose_orchestration_failed_is_repaired_to_failed_on_read_without_the_engine_s_text()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind, QuickReconcile);
        app.Engine.DropStarts = true;
        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"never run"}}""");

        // An instance of the job's id that fails: the orchestrator refuses to run without its input.
        await app.Durable.ScheduleNewOrchestrationInstanceAsync(nameof(JobOrchestrator), new StartOrchestrationOptions { InstanceId = id });
        OrchestrationMetadata? instance = null;
        await FunctionsAppHost.EventuallyAsync(
            async () => (instance = await app.Durable.GetInstanceAsync(id, getInputsAndOutputs: true))?.RuntimeStatus == OrchestrationRuntimeStatus.Failed,
            $"orchestration {id} failed");
        JsonObject job = (await app.WaitAsync(id)).Json;

        Assert.Contains("has no input", instance!.FailureDetails?.ErrorMessage ?? instance.SerializedOutput, StringComparison.Ordinal);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("INTERNAL_ERROR", job["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("has no input", job.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queued_job_the_engine_never_heard_of_is_started_on_read_and_completes()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind, QuickReconcile);
        app.Engine.DropStarts = true;
        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"late"}}""");
        Assert.Null(await app.Durable.GetInstanceAsync(id));
        app.Engine.DropStarts = false;

        JsonObject job = (await app.WaitAsync(id)).Json;
        OrchestrationMetadata instance = await CompletionAsync(app, id);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("late", job["result"]!.GetValue<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task The_retention_timer_expires_finished_jobs_and_purges_their_orchestration_history()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(kind, new Dictionary<string, string?> { ["JobPipeline:Retention"] = "00:00:01" });
        string id = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"short-lived"}}""");
        await app.WaitAsync(id);
        await CompletionAsync(app, id);
        RetentionTimer timer = ActivatorUtilities.CreateInstance<RetentionTimer>(app.Services);

        await FunctionsAppHost.EventuallyAsync(
            async () =>
            {
                await timer.RunAsync(new TimerInfo(), app.Durable, CancellationToken.None);
                return await app.Durable.GetInstanceAsync(id) is null;
            },
            $"orchestration {id} purged by the retention timer");
        JsonObject job = (await app.GetAsync(id)).Json;

        Assert.Equal("expired", job["status"]!.GetValue<string>());
        Assert.False(job.ContainsKey("result"));
    }

    /// <summary>
    /// The orchestration once it has ended: the job's row turns terminal in the last activity, a moment before the
    /// orchestrator itself completes (bounded, generous for a loaded machine).
    /// </summary>
    private static async Task<OrchestrationMetadata> CompletionAsync(FunctionsAppHost app, string id)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await app.Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, bound.Token);
    }
}
