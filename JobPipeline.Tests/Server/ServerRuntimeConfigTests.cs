using System.Text.Json.Nodes;

namespace JobPipeline.Tests.Server;

public sealed class ServerRuntimeConfigTests
{
    [Fact]
    public void The_server_ships_without_thread_pool_spin_waiting()
    {
        // Measured in docs/benchmarks.md (issue 17): spinning idle workers took CPU the storage emulator needed.
        string path = Path.Combine(AppContext.BaseDirectory, "JobPipeline.Server.runtimeconfig.json");

        JsonNode? options = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.Equal(0, options?["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }
}
