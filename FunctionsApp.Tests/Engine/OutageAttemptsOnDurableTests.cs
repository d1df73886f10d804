using System.Text.Json.Nodes;
using FunctionsApp.Engine;
using FunctionsApp.Tests.Support;
using JobPipeline;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// On the Durable engine (in memory, the activities' storage faulted), a storage outage uses none of a job's attempts:
/// a job in flight when its storage stops answering, for longer than its step retries (one attempt here), waits the
/// outage out in durable timers and completes; its attempts count the runs of its processor, no more. Without the
/// wait, its one attempt and its fail step's were used up by the outage and the orchestration failed.
/// </summary>
public sealed class OutageAttemptsOnDurableTests
{
    /// <summary>Refused requests (two per storage call with the clients' one retry): more than one attempt of each step could make.</summary>
    private const int RefusedRequests = 12;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_job_in_flight_across_a_storage_outage_longer_than_its_step_retries_completes_with_its_attempts_counted_right(bool fused)
    {
        Azurite azurite = await Azurite.Shared;
        var outage = new StorageOutage();
        var processor = new HeldProcessor();
        await using FunctionsAppHost app = await FunctionsAppHost.StartAsync(
            DurableEngineKind.InMemory,
            new Dictionary<string, string?>
            {
                ["JobPipeline:MaxAttempts"] = "1",
                ["JobPipeline:Durable:FuseStartAndProcess"] = fused ? "true" : "false",
            },
            services =>
            {
                outage.AddTo(services, azurite.ConnectionString);
                services.AddSingleton<IJobProcessor>(processor);
            });
        string id = await app.SubmitAsync("""{"type":"test.held","input":{}}""");
        await processor.Entered.WaitAsync(TimeSpan.FromSeconds(60));

        outage.Begin(id, RefusedRequests);
        processor.Release();
        await outage.Over.WaitAsync(TimeSpan.FromSeconds(120));
        JsonObject job = (await app.WaitAsync(id, seconds: 120)).Json;
        JobRecord row = (await app.Services.GetRequiredService<JobTable>().GetAsync(new JobRef("tenant-a", id)))!;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        OrchestrationMetadata instance = await app.Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, bound.Token);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.True(job["result"]!["done"]!.GetValue<bool>());
        Assert.True(outage.Refused >= RefusedRequests, $"{outage.Refused} requests refused");
        // One run before the outage (its result's write was refused), one after it; none while storage was away.
        Assert.Equal(2, processor.Runs(id));
        Assert.Equal(processor.Runs(id), row.Attempts);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(JobStatus.Completed, instance.ReadOutputAs<JobStatus>());
        Assert.Equal(app.Services.GetRequiredService<IOptions<JobPipelineOptions>>().Value.JobTimeout, instance.ReadInputAs<JobOrchestration>()!.Retry.StorageWait);
    }
}
