namespace FunctionsApp.Tests.Support;

/// <summary>Which Durable Task backend runs the orchestrations.</summary>
public enum DurableEngineKind
{
    /// <summary>Microsoft.DurableTask.InProcessTestHost's in-memory orchestration service.</summary>
    InMemory,

    /// <summary>Durable Functions' production backend, <c>AzureStorageOrchestrationService</c>, on the tests' Azurite.</summary>
    AzureStorage,
}
