using System.Diagnostics;
using Azure.Data.Tables;

namespace JobPipeline.Tests.Support;

public class AzuriteTests
{
    [Fact]
    public async Task Shared_instance_answers_table_requests()
    {
        Azurite azurite = await Azurite.Shared;
        var table = new TableClient(azurite.ConnectionString, Azurite.UniqueName("smoke"));

        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });
        TableEntity read = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal(42, read.GetInt32("Value"));
    }

    [Fact]
    public async Task An_Azurite_whose_test_process_is_gone_stops_by_itself()
    {
        using Process parent = Process.Start(new ProcessStartInfo("sleep", "3") { UseShellExecute = false })!;
        using Process azurite = StartUnderWatchdog(parent.Id);
        await parent.WaitForExitAsync();
        bool stopped = await StopsWithinTwoMinutesAsync(azurite);

        Assert.True(stopped, "Azurite still ran two minutes after the process that started it ended");
        Assert.Equal(0, azurite.ExitCode);
    }

    [Fact]
    public async Task An_Azurite_paused_when_its_test_process_dies_resumes_and_stops_by_itself()
    {
        using Process parent = Process.Start(new ProcessStartInfo("sleep", "3") { UseShellExecute = false })!;
        using Process azurite = StartUnderWatchdog(parent.Id);

        // A test killed while Azurite was frozen for an outage test never resumes it.
        using Process resumer = Azurite.PauseProcess(azurite.Id, TimeSpan.FromSeconds(5));
        await parent.WaitForExitAsync();
        bool stopped = await StopsWithinTwoMinutesAsync(azurite);

        Assert.True(stopped, "a paused Azurite still ran two minutes after the process that started it ended");
    }

    /// <summary>Whether the process ends by itself within two minutes; killed (and false) if not.</summary>
    private static async Task<bool> StopsWithinTwoMinutesAsync(Process process)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(bound.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Azurite.KillProcess(process);
            return false;
        }
    }

    private static Process StartUnderWatchdog(int parentId)
    {
        string root = Azurite.RepositoryRoot;
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                Path.Combine(root, "JobPipeline.Tests", "Support", "azurite-watchdog.js"), parentId.ToString(),
                Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js"),
                "--silent", "--skipApiVersionCheck", "--inMemoryPersistence",
                "--blobPort", FreePort.Next().ToString(), "--queuePort", FreePort.Next().ToString(), "--tablePort", FreePort.Next().ToString(),
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }
}
