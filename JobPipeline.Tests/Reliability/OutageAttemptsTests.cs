using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// A storage outage uses none of a job's attempts: a job in flight when its storage stops answering, for longer than
/// its step retries (one attempt here), waits the outage out and completes; its attempts count the runs of its
/// processor, no more. The outage is injected into the storage clients and refuses the job's requests only, so the
/// queue still hands the message back and counts deliveries: without the wait, the job ended failed.
/// </summary>
public sealed class OutageAttemptsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Refused requests (two per storage call with the clients' one retry): more than one attempt of each step, two
    /// deliveries and a final progress write could ever make, so the outage outlasts every retry a job had before.
    /// </summary>
    private const int RefusedRequests = 12;

    [Fact]
    public async Task A_job_in_flight_across_a_storage_outage_longer_than_its_step_retries_completes_with_its_attempts_counted_right()
    {
        Azurite azurite = await Azurite.Shared;
        var outage = new StorageOutage();
        var processor = new HeldProcessor();
        await using var server = new PipelineFactory(
            azurite,
            new Dictionary<string, string?>
            {
                ["JobPipeline:MaxAttempts"] = "1",
                ["JobPipeline:Worker:MaxDeliveries"] = "2",
            },
            services =>
            {
                outage.AddTo(services, azurite.ConnectionString);
                services.AddSingleton<IJobProcessor>(processor);
            },
            output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync(processor.Type, new { });
        await processor.Entered.WaitAsync(TimeSpan.FromSeconds(60));

        outage.Begin(id, RefusedRequests);
        processor.Release();
        await outage.Over.WaitAsync(TimeSpan.FromSeconds(120));
        JsonObject job = await client.WaitAsync(id, seconds: 120);
        JobRecord row = (await server.Services.GetRequiredService<JobTable>().GetAsync(new JobRef("tenant-a", id)))!;

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.True(job["result"]!["done"]!.GetValue<bool>());
        Assert.True(outage.Refused >= RefusedRequests, $"{outage.Refused} requests refused");
        // One run before the outage (its result's write was refused), one after it; none while storage was away.
        Assert.Equal(2, processor.Runs(id));
        Assert.Equal(processor.Runs(id), row.Attempts);
    }
}
