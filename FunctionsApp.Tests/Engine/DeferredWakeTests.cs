using System.Text.Json.Nodes;
using FunctionsApp.Engine;
using FunctionsApp.Tests.Support;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// A job deferred for its tenant's cap is woken when a job of its tenant ends (<see cref="DurableEngineOptions.WakeDeferred"/>):
/// the start activity puts it on <see cref="DeferredJobs"/>, the ending job's fused activity names it, the orchestrator
/// sends it the event. The activities are FunctionsApp's own methods, called directly where the test decides the order.
/// Before it defers, a start waits for a slot (<see cref="DurableEngineOptions.SlotWait"/>): the deferral's tests turn
/// that wait off.
/// </summary>
public sealed class DeferredWakeTests
{
    private static readonly Dictionary<string, string?> CapOne = new() { ["JobPipeline:MaxRunningJobsPerTenant"] = "1" };

    private static readonly Dictionary<string, string?> CapOneNoSlotWait = new(CapOne) { ["JobPipeline:Durable:SlotWait"] = "00:00:00" };

    /// <summary>Long enough for the gate job to end under load once its gate opens (the most the setting allows).</summary>
    private static readonly Dictionary<string, string?> CapOneLongSlotWait = new(CapOne) { ["JobPipeline:Durable:SlotWait"] = "00:00:10" };

    [Fact]
    public async Task A_job_over_its_tenant_s_cap_waits_in_its_start_activity_and_takes_the_freed_slot_without_a_timer_or_an_event()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.AzureStorage, CapOneLongSlotWait);
        TenantJobSlots slots = app.Services.GetRequiredService<TenantJobSlots>();
        string gate = await app.SubmitAsync("""{"type":"test.gate","input":{}}""");
        await app.WaitForStatusAsync(gate, status => status == "processing");

        string echo = await app.SubmitAsync("""{"type":"test.echo","input":{"text":"waited"}}""");
        await FunctionsAppHost.EventuallyAsync(() => Task.FromResult(slots.Waiting == 1), "the echo job's start waiting for the slot");
        app.Gate.Open();
        JsonObject done = (await app.WaitAsync(echo)).Json;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Durable.WaitForInstanceCompletionAsync(echo, bound.Token);
        IReadOnlyList<string> history = await app.HistoryEventTypesAsync(echo);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("waited", done["result"]!.GetValue<string>());
        Assert.Equal(1, history.Count(kind => kind == "TaskScheduled"));
        Assert.Contains("ExecutionCompleted", history);
        Assert.DoesNotContain("TimerCreated", history);
        Assert.DoesNotContain("EventRaised", history);
        Assert.Equal(0, app.Services.GetRequiredService<DeferredJobs>().Count);
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task The_job_ending_names_its_tenant_s_deferred_job_for_a_wake_up_and_the_woken_job_starts()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory, CapOne);
        JobStepActivities activities = Activities(app, wake: true);
        (Task<StartAndProcessResult> first, JobRef waiting, StartStepResult deferred) = await HoldTheSlotAndDeferAsync(app, activities);
        int onList = app.Services.GetRequiredService<DeferredJobs>().Count;
        app.Gate.Open();
        StartAndProcessResult ended = await first.WaitAsync(TimeSpan.FromSeconds(60));
        StartAndProcessResult woken = await activities.StartAndProcessAsync(waiting, CancellationToken.None);

        Assert.True(deferred.Deferred);
        Assert.Equal(1, onList);
        Assert.Equal(JobStatus.Completed, ended.Outcome!.Status);
        Assert.Equal(waiting.JobId, ended.Wake);
        Assert.Equal(JobStatus.Completed, woken.Outcome!.Status);
        Assert.Null(woken.Wake);
        Assert.Equal(0, app.Services.GetRequiredService<DeferredJobs>().Count);
    }

    [Fact]
    public void The_slot_wait_is_bounded_and_its_waiters_leave_at_least_half_of_the_shipped_activity_workers_to_running_jobs()
    {
        var defaults = new DurableEngineOptions();
        var tooLong = new DurableEngineOptions { SlotWait = TimeSpan.FromSeconds(11) };
        var negative = new DurableEngineOptions { MaxSlotWaiters = -1 };

        bool longValid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(tooLong, new(tooLong), [], validateAllProperties: true);
        bool negativeValid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(negative, new(negative), [], validateAllProperties: true);

        Assert.Equal(TimeSpan.FromSeconds(2), defaults.SlotWait);
        Assert.InRange(defaults.MaxSlotWaiters * 2, 2, DurableHostJson.Shipped().MaxConcurrentActivityFunctions);
        Assert.False(longValid);
        Assert.False(negativeValid);
    }

    /// <summary>
    /// One job of tenant-a holds its only slot (a gate job, processing until the gate opens), and a second one is
    /// started and deferred for it.
    /// </summary>
    private static async Task<(Task<StartAndProcessResult> First, JobRef Waiting, StartStepResult Deferred)> HoldTheSlotAndDeferAsync(
        FunctionsAppHost app, JobStepActivities activities)
    {
        var holding = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));
        var waiting = new JobRef("tenant-a", JobId.New(DateTimeOffset.UtcNow));
        await InsertQueuedAsync(app, holding, "test.gate");
        await InsertQueuedAsync(app, waiting, "test.echo");

        Task<StartAndProcessResult> first = activities.StartAndProcessAsync(holding, CancellationToken.None);
        await FunctionsAppHost.EventuallyAsync(
            async () => (await app.Services.GetRequiredService<JobTable>().GetAsync(holding))?.Status == JobStatus.Processing,
            "the gate job processing");
        return (first, waiting, await activities.StartAsync(waiting, CancellationToken.None));
    }

    [Fact]
    public async Task With_wake_ups_off_a_deferred_job_is_not_listed_and_nothing_is_named()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory, CapOne);
        JobStepActivities activities = Activities(app, wake: false);
        (Task<StartAndProcessResult> first, JobRef waiting, StartStepResult deferred) = await HoldTheSlotAndDeferAsync(app, activities);
        app.Gate.Open();
        StartAndProcessResult ended = await first.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(deferred.Deferred);
        Assert.Equal(JobStatus.Completed, ended.Outcome!.Status);
        Assert.Null(ended.Wake);
        Assert.Equal(0, app.Services.GetRequiredService<DeferredJobs>().Count);
    }

    [Fact]
    public async Task Jobs_of_one_tenant_over_its_cap_all_complete_through_their_orchestrations_with_wake_ups_on()
    {
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(DurableEngineKind.InMemory, CapOneNoSlotWait);

        string gate = await app.SubmitAsync("""{"type":"test.gate","input":{}}""");
        await app.WaitForStatusAsync(gate, status => status == "processing");
        string[] echoes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => app.SubmitAsync("{\"type\":\"test.echo\",\"input\":{\"text\":\"echo " + i + "\"}}")));
        await FunctionsAppHost.EventuallyAsync(
            () => Task.FromResult(app.Services.GetRequiredService<DeferredJobs>().Count > 0),
            "a job deferred behind the gate job");
        app.Gate.Open();
        JsonObject[] done = await Task.WhenAll(echoes.Select(async id => (await app.WaitAsync(id)).Json));
        OrchestrationMetadata? instance = await app.Durable.GetInstanceAsync(echoes[0], getInputsAndOutputs: true);

        Assert.All(done, job => Assert.Equal("completed", job["status"]!.GetValue<string>()));
        Assert.Equal(["echo 0", "echo 1", "echo 2"], done.Select(job => job["result"]!.GetValue<string>()));
        Assert.True(instance!.ReadInputAs<JobOrchestration>()!.Wake);
    }

    private static JobStepActivities Activities(FunctionsAppHost app, bool wake) => new(
        app.Services.GetRequiredService<JobSteps>(),
        Options.Create(new DurableEngineOptions { WakeDeferred = wake, SlotWait = TimeSpan.Zero }),
        TimeProvider.System,
        app.Services.GetRequiredService<DeferredJobs>());

    private static Task InsertQueuedAsync(FunctionsAppHost app, JobRef job, string type) =>
        app.Services.GetRequiredService<JobTable>().InsertAsync(new JobRecord
        {
            Tenant = job.Tenant,
            JobId = job.JobId,
            Type = type,
            Status = JobStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            InputInline = type == "test.gate" ? "{}"u8.ToArray() : """{"text":"woken"}"""u8.ToArray(),
        });
}
