using System.Text.Json.Nodes;
using JobPipeline.Processing;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Server;

/// <summary>One tenant's many long jobs never keep another tenant's job waiting (JobPipeline:MaxRunningJobsPerTenant).</summary>
public sealed class TenantFairnessTests
{
    [Fact]
    public async Task A_tenant_with_many_held_jobs_does_not_keep_another_tenants_job_from_running()
    {
        // Three workers, two of which tenant A may take: if A's waiting jobs held a worker, B's job would never run.
        var gate = new GateProcessor();
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?>
            {
                ["JobPipeline:Worker:Concurrency"] = "3",
                ["JobPipeline:MaxRunningJobsPerTenant"] = "2",
                ["JobPipeline:Worker:MaxDeliveries"] = "2",
            },
            services => services.AddSingleton<IJobProcessor>(gate));
        HttpClient tenantA = server.Client(PipelineFactory.KeyA);
        HttpClient tenantB = server.Client(PipelineFactory.KeyB);
        var held = new List<string>();
        for (int i = 0; i < 18; i++)
        {
            held.Add(await tenantA.SubmitIdAsync("test.gate", new { }));
        }

        await WaitUntilAsync(() => gate.Running("tenant-a") == 2, "two of tenant A's jobs running");

        string small = await tenantB.SubmitIdAsync("test.echo", new { text = "abc" });
        JsonObject done = await tenantB.WaitAsync(small, seconds: 60);

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(2, gate.Running("tenant-a"));
        Assert.Equal(2, gate.MostAtOnce("tenant-a"));
        JsonObject waiting = await (await tenantA.GetAsync($"/api/jobs/{held[^1]}")).ReadJsonAsync();
        Assert.Equal("queued", waiting["status"]!.GetValue<string>());
        gate.Open();
    }

    [Fact]
    public async Task A_tenants_deferred_jobs_all_run_once_its_running_ones_end_and_deferrals_are_not_counted_as_failed_deliveries()
    {
        var gate = new GateProcessor();
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?>
            {
                ["JobPipeline:Worker:Concurrency"] = "4",
                ["JobPipeline:MaxRunningJobsPerTenant"] = "1",
                ["JobPipeline:Worker:MaxDeliveries"] = "1",
            },
            services => services.AddSingleton<IJobProcessor>(gate));
        HttpClient client = server.Client();
        var ids = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            ids.Add(await client.SubmitIdAsync("test.gate", new { }));
        }

        await WaitUntilAsync(() => gate.Running("tenant-a") == 1, "one of the tenant's jobs running");
        gate.Open();

        foreach (string id in ids)
        {
            JsonObject job = await client.WaitAsync(id, seconds: 90);
            Assert.Equal("completed", job["status"]!.GetValue<string>());
        }

        Assert.Equal(1, gate.MostAtOnce("tenant-a"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still not {what} after 60 s");
            await Task.Delay(25);
        }
    }
}
