using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Retention;
using JobPipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobPipeline.Tests.Support;

/// <summary>What a server left in Blob storage, uncommitted blocks included, and a retention sweep run at a later time.</summary>
public static class Leftovers
{
    /// <summary>The names of every blob in the server's container, also those that only have uncommitted blocks.</summary>
    public static async Task<List<string>> BlobsAsync(PipelineFactory server)
    {
        var container = new BlobContainerClient(server.Setting("JobPipeline:Storage:ConnectionString"), server.Setting("JobPipeline:Storage:ContainerName"));
        var names = new List<string>();
        try
        {
            await foreach (BlobItem blob in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
            {
                names.Add(blob.Name);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return names;
    }

    /// <summary>Runs the server's retention sweep as it would run <paramref name="later"/> from now, until nothing more is due.</summary>
    public static async Task SweepAsync(PipelineFactory server, TimeSpan later)
    {
        IServiceProvider services = server.Services;
        var sweeper = new RetentionSweeper(
            services.GetRequiredService<JobTable>(),
            services.GetRequiredService<JobIndexTable>(),
            services.GetRequiredService<JobBlobs>(),
            services.GetRequiredService<IJobEngine>(),
            services.GetRequiredService<TerminalJobCache>(),
            services.GetRequiredService<IOptions<JobPipelineOptions>>(),
            new FakeTimeProvider(DateTimeOffset.UtcNow + later),
            NullLogger<RetentionSweeper>.Instance);
        while ((await sweeper.SweepAsync()).MoreDue)
        {
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after a generous bound.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
