using System.Reflection;
using JobPipeline.Jobs;

namespace JobPipeline.Tests.FunctionsApp;

public sealed class DurableEngineTests
{
    /// <summary>The files whose code runs inside the orchestrator, and so is replayed.</summary>
    private static readonly string[] OrchestratorFiles = ["Engine/JobOrchestrator.cs", "Engine/DurableWorkflowContext.cs"];

    public static TheoryData<string> NonDeterministicApis =>
    [
        "DateTime.Now", "DateTime.UtcNow", "DateTime.Today", "DateTimeOffset.Now", "DateTimeOffset.UtcNow",
        "Task.Delay", "Thread.Sleep", "Guid.NewGuid", "new HttpClient", "new Random", "Random.Shared",
        "Environment.GetEnvironmentVariable", "TimeProvider", "Stopwatch", "File.", "Task.Run",
    ];

    [Theory]
    [MemberData(nameof(NonDeterministicApis))]
    public void The_orchestrator_code_uses_no_non_deterministic_api(string api)
    {
        string[] sources = [.. OrchestratorFiles.Select(file => FunctionsAppSource.Files[file])];

        Assert.All(sources, source => Assert.DoesNotContain(api, source, StringComparison.Ordinal));
    }

    [Fact]
    public void The_orchestrator_logs_only_through_the_replay_safe_logger_and_sets_no_custom_status()
    {
        string orchestrator = FunctionsAppSource.Files["Engine/JobOrchestrator.cs"];

        Assert.Contains("context.CreateReplaySafeLogger(", orchestrator, StringComparison.Ordinal);
        Assert.DoesNotContain("ILogger<", orchestrator, StringComparison.Ordinal);
        Assert.DoesNotContain("SetCustomStatus", FunctionsAppSource.All, StringComparison.Ordinal);
    }

    [Fact]
    public void The_activities_cover_every_step_of_the_workflow()
    {
        string[] steps = [.. typeof(JobStepNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => $"JobStepNames.{f.Name}")
            .Order()];

        string[] activities = [.. FunctionsAppSource.FunctionNames().Where(n => n.StartsWith("JobStepNames.", StringComparison.Ordinal)).Order()];

        Assert.Equal(["JobStepNames.Fail", "JobStepNames.Process", "JobStepNames.Start"], steps);
        Assert.Equal(steps, activities);
        Assert.Equal(3, CountOf("[ActivityTrigger]", FunctionsAppSource.Files["Engine/JobStepActivities.cs"]));
    }

    [Fact]
    public void The_engine_schedules_the_orchestrator_function_by_its_own_name_with_the_job_id_as_instance_id()
    {
        string engine = FunctionsAppSource.Files["Engine/DurableJobEngine.cs"];

        Assert.Contains("[Function(nameof(JobOrchestrator))]", FunctionsAppSource.Files["Engine/JobOrchestrator.cs"], StringComparison.Ordinal);
        Assert.Contains("ScheduleNewOrchestrationInstanceAsync(\n            nameof(JobOrchestrator),", engine.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("new StartOrchestrationOptions { InstanceId = job.JobId }", engine, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_function_that_binds_a_durable_client_hands_it_to_the_engine()
    {
        string all = FunctionsAppSource.All;

        int clients = CountOf("[DurableClient] DurableTaskClient durable", all);

        Assert.True(clients >= 10, $"{clients} functions bind a Durable client");
        Assert.Equal(clients, CountOf("DurableClientAccessor.RunAsync(durable,", all));
    }

    private static int CountOf(string text, string source)
    {
        int count = 0;
        for (int at = source.IndexOf(text, StringComparison.Ordinal); at >= 0; at = source.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
