namespace FunctionsApp.Tests.Contract;

/// <summary>
/// Why a contract test runs against <c>JobPipeline.Server</c> only (listed in docs/functions.md): it reads or drives
/// the server's queue engine, or the server's own routing, which FunctionsApp does not have.
/// </summary>
public static class ServerOnly
{
    /// <summary>An idle server and then a worker share one Storage queue; the Durable engine has no queue to hand over.</summary>
    public const string QueueHandOver =
        "Server only: an idle server leaves a queue message that a second server's worker then finds; FunctionsApp's jobs are orchestrations, not queue messages.";

    /// <summary>The test peeks into the server's Storage queue.</summary>
    public const string QueueMessage =
        "Server only: reads the server's Storage queue message; FunctionsApp's orchestration input (the job reference only) is checked by OrchestrationPayloadTests.";

    /// <summary>The test reads the server's ASP.NET Core endpoint table.</summary>
    public const string EndpointTable =
        "Server only: reads the server's endpoint table; FunctionsApp's routes are checked from functions.metadata by FunctionsMetadataTests.";

    /// <summary>The test's error responses include the server's own 404 and 405, which the Functions host answers itself.</summary>
    public const string HostAnsweredErrors =
        "Server only as a whole: two of its ten error responses (unknown route, PUT on /api/jobs) are the Functions host's empty 404 (docs/functions.md); the other error bodies come from the same JobPipeline code on both hosts.";

    /// <summary>The Functions host answers a request that no function declares, before the worker sees it.</summary>
    public const string HostAnswered =
        "Server only: the Functions host answers a route or method no function declares with its own empty 404 (docs/functions.md); FunctionsHostRoutingTests checks that answer.";

    /// <summary>The test runs the retention sweep itself, outside any function.</summary>
    public const string SweepOutsideFunction =
        "Server only: the test runs the retention sweep itself, outside a function invocation, where FunctionsApp's engine has no Durable client to purge with (its RetentionTimer function binds one); the counts' expiry path is the same library code on both hosts.";
}
