using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// The Durable Functions settings of a <c>host.json</c> (<c>extensions.durableTask</c>) for the Azure Storage backend,
/// read with the Durable extension's defaults and validation rules and applied to
/// <see cref="AzureStorageOrchestrationServiceSettings"/> the way the extension's <c>AzureStorageDurabilityProviderFactory</c>
/// applies them. The tests and the bench run the backend with the repository's own <c>host.json</c> through this type,
/// so tuning <c>host.json</c> is what changes their behaviour and figures.
/// </summary>
/// <param name="PartitionCount"><c>storageProvider.partitionCount</c>: control queues (default 4, 1 to 16).</param>
/// <param name="ControlQueueBatchSize"><c>storageProvider.controlQueueBatchSize</c>: messages per control-queue fetch (default 32).</param>
/// <param name="ControlQueueBufferThreshold"><c>storageProvider.controlQueueBufferThreshold</c>: prefetched control messages (default 256, 1 to 1000).</param>
/// <param name="ControlQueueVisibilityTimeout"><c>storageProvider.controlQueueVisibilityTimeout</c> (default 5 min, 1 to 60 min).</param>
/// <param name="WorkItemQueueVisibilityTimeout"><c>storageProvider.workItemQueueVisibilityTimeout</c> (default 5 min).</param>
/// <param name="MaxQueuePollingInterval"><c>storageProvider.maxQueuePollingInterval</c>: the longest idle back-off of a queue poll (default 30 s).</param>
/// <param name="MaxConcurrentActivityFunctions"><c>maxConcurrentActivityFunctions</c> (default 10 per core).</param>
/// <param name="MaxConcurrentOrchestratorFunctions"><c>maxConcurrentOrchestratorFunctions</c> (default 10 per core).</param>
/// <param name="ExtendedSessionsEnabled"><c>extendedSessionsEnabled</c> (default false).</param>
/// <param name="ExtendedSessionIdleTimeoutInSeconds"><c>extendedSessionIdleTimeoutInSeconds</c> (default 30).</param>
/// <param name="UseTablePartitionManagement"><c>storageProvider.useTablePartitionManagement</c>: partitions claimed in a table rather than by blob leases (default true since Durable Functions 3.x).</param>
/// <param name="UseLegacyPartitionManagement"><c>storageProvider.useLegacyPartitionManagement</c> (default false).</param>
public sealed record DurableHostJson(
    int PartitionCount,
    int ControlQueueBatchSize,
    int ControlQueueBufferThreshold,
    TimeSpan ControlQueueVisibilityTimeout,
    TimeSpan WorkItemQueueVisibilityTimeout,
    TimeSpan MaxQueuePollingInterval,
    int MaxConcurrentActivityFunctions,
    int MaxConcurrentOrchestratorFunctions,
    bool ExtendedSessionsEnabled,
    int ExtendedSessionIdleTimeoutInSeconds,
    bool UseTablePartitionManagement,
    bool UseLegacyPartitionManagement)
{
    /// <summary>The repository's <c>host.json</c>, as copied next to the running assembly (FunctionsApp links it into its output).</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary>Reads and validates the repository's <c>host.json</c>.</summary>
    public static DurableHostJson Shipped() => Read(ShippedPath);

    /// <summary>Reads and validates the <c>host.json</c> at <paramref name="path"/>.</summary>
    public static DurableHostJson Read(string path) => Parse(File.ReadAllText(path));

    /// <summary>
    /// Reads <c>extensions.durableTask</c> of a <c>host.json</c> text. Property names are matched without regard to
    /// case, as the Functions host binds them; absent values take the extension's defaults. Throws
    /// <see cref="InvalidOperationException"/> for a value the extension would refuse at start.
    /// </summary>
    public static DurableHostJson Parse(string hostJson)
    {
        JsonNode root = JsonNode.Parse(hostJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            ?? throw new InvalidOperationException("host.json is empty.");
        JsonObject durable = Child(Child(root.AsObject(), "extensions"), "durableTask");
        JsonObject storage = Child(durable, "storageProvider");
        int perCore = 10 * Environment.ProcessorCount;

        var settings = new DurableHostJson(
            PartitionCount: Int(storage, "partitionCount") ?? 4,
            ControlQueueBatchSize: Int(storage, "controlQueueBatchSize") ?? 32,
            ControlQueueBufferThreshold: Int(storage, "controlQueueBufferThreshold") ?? 256,
            ControlQueueVisibilityTimeout: Time(storage, "controlQueueVisibilityTimeout") ?? TimeSpan.FromMinutes(5),
            WorkItemQueueVisibilityTimeout: Time(storage, "workItemQueueVisibilityTimeout") ?? TimeSpan.FromMinutes(5),
            MaxQueuePollingInterval: Time(storage, "maxQueuePollingInterval") ?? TimeSpan.FromSeconds(30),
            MaxConcurrentActivityFunctions: Int(durable, "maxConcurrentActivityFunctions") ?? perCore,
            MaxConcurrentOrchestratorFunctions: Int(durable, "maxConcurrentOrchestratorFunctions") ?? perCore,
            ExtendedSessionsEnabled: Bool(durable, "extendedSessionsEnabled") ?? false,
            ExtendedSessionIdleTimeoutInSeconds: Int(durable, "extendedSessionIdleTimeoutInSeconds") ?? 30,
            UseTablePartitionManagement: Bool(storage, "useTablePartitionManagement") ?? true,
            UseLegacyPartitionManagement: Bool(storage, "useLegacyPartitionManagement") ?? false);
        settings.Validate();
        return settings;
    }

    /// <summary>The extension's start-up checks (<c>DurableTaskOptions.Validate</c>, <c>AzureStorageOptions.Validate</c>).</summary>
    public void Validate()
    {
        Check(PartitionCount is >= 1 and <= 16, "partitionCount must be an integer value between 1 and 16.");
        Check(ControlQueueBatchSize > 0, "controlQueueBatchSize must be a positive integer.");
        Check(ControlQueueBufferThreshold is >= 1 and <= 1000, "controlQueueBufferThreshold must be between 1 and 1000.");
        Check(
            ControlQueueVisibilityTimeout >= TimeSpan.FromMinutes(1) && ControlQueueVisibilityTimeout <= TimeSpan.FromMinutes(60),
            "controlQueueVisibilityTimeout must be between 1 and 60 minutes.");
        Check(WorkItemQueueVisibilityTimeout > TimeSpan.Zero, "workItemQueueVisibilityTimeout must be positive.");
        Check(MaxQueuePollingInterval > TimeSpan.Zero, "maxQueuePollingInterval must be positive.");
        Check(MaxConcurrentActivityFunctions > 0, "maxConcurrentActivityFunctions must be a positive integer value.");
        Check(MaxConcurrentOrchestratorFunctions > 0, "maxConcurrentOrchestratorFunctions must be a positive integer value.");
        Check(ExtendedSessionIdleTimeoutInSeconds >= 0, "extendedSessionIdleTimeoutInSeconds must not be negative.");
    }

    /// <summary>Sets what this <c>host.json</c> decides on <paramref name="settings"/>, as the extension does.</summary>
    public void ApplyTo(AzureStorageOrchestrationServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.PartitionCount = PartitionCount;
        settings.ControlQueueBatchSize = ControlQueueBatchSize;
        settings.ControlQueueBufferThreshold = ControlQueueBufferThreshold;
        settings.ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout;
        settings.WorkItemQueueVisibilityTimeout = WorkItemQueueVisibilityTimeout;
        settings.MaxQueuePollingInterval = MaxQueuePollingInterval;
        settings.MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivityFunctions;
        settings.MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions;
        settings.ExtendedSessionsEnabled = ExtendedSessionsEnabled;
        settings.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(ExtendedSessionIdleTimeoutInSeconds);
        settings.UseTablePartitionManagement = UseTablePartitionManagement;
        settings.UseLegacyPartitionManagement = UseLegacyPartitionManagement;
    }

    private static void Check(bool valid, string message)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"host.json extensions.durableTask: {message}");
        }
    }

    private static JsonObject Child(JsonObject parent, string name) =>
        Find(parent, name) switch
        {
            null => [],
            JsonObject child => child,
            _ => throw new InvalidOperationException($"host.json: '{name}' must be an object."),
        };

    private static JsonNode? Find(JsonObject parent, string name) =>
        parent.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static int? Int(JsonObject parent, string name) => Find(parent, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v when v.TryGetValue(out string? s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
        _ => throw new InvalidOperationException($"host.json: '{name}' must be an integer."),
    };

    private static bool? Bool(JsonObject parent, string name) => Find(parent, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out string? s) && bool.TryParse(s, out bool b) => b,
        _ => throw new InvalidOperationException($"host.json: '{name}' must be true or false."),
    };

    private static TimeSpan? Time(JsonObject parent, string name) => Find(parent, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out TimeSpan t) => t,
        _ => throw new InvalidOperationException($"host.json: '{name}' must be a time span such as \"00:00:30\"."),
    };
}
