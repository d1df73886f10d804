using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Support;

namespace FunctionsApp.Tests;

/// <summary>
/// The Durable settings of the shipped host.json, as the Durable extension reads and applies them; the Azure Storage
/// engine tests and the bench run the backend with exactly these (<see cref="DurableStorageHost.TestSettings"/>).
/// </summary>
public sealed class DurableHostJsonTests
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    [Fact]
    public void The_host_json_the_tests_read_is_the_repository_s_own()
    {
        string shipped = File.ReadAllText(DurableHostJson.ShippedPath);

        string repository = File.ReadAllText(Path.Combine(Azurite.RepositoryRoot, "host.json"));

        Assert.Equal(repository, shipped);
    }

    [Fact]
    public void Every_durable_setting_of_the_shipped_host_json_reaches_the_backend_the_tests_run()
    {
        JsonObject durable = JsonNode.Parse(File.ReadAllText(DurableHostJson.ShippedPath), documentOptions: JsonOptions)!["extensions"]!["durableTask"]!.AsObject();
        JsonObject storage = durable["storageProvider"]!.AsObject();

        AzureStorageOrchestrationServiceSettings settings = DurableStorageHost.TestSettings("UseDevelopmentStorage=true", "hostjsonhub");

        Assert.Equal(storage["partitionCount"]!.GetValue<int>(), settings.PartitionCount);
        Assert.Equal(storage["controlQueueBatchSize"]!.GetValue<int>(), settings.ControlQueueBatchSize);
        Assert.Equal(TimeSpan.Parse(storage["maxQueuePollingInterval"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), settings.MaxQueuePollingInterval);
        Assert.Equal(durable["maxConcurrentActivityFunctions"]!.GetValue<int>(), settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>(), settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(durable["extendedSessionsEnabled"]?.GetValue<bool>() ?? false, settings.ExtendedSessionsEnabled);
    }

    [Fact]
    public void The_shipped_host_json_sets_the_queue_polling_back_off_instead_of_the_30_second_default()
    {
        var shipped = DurableHostJson.Shipped();

        // The default lets an idle queue back off to 30 s, which a job submitted after a quiet spell waits out.
        Assert.True(shipped.MaxQueuePollingInterval <= TimeSpan.FromSeconds(1), $"maxQueuePollingInterval is {shipped.MaxQueuePollingInterval}");
    }

    [Fact]
    public void The_shipped_settings_are_accepted_by_the_backend()
    {
        AzureStorageOrchestrationServiceSettings settings = DurableStorageHost.TestSettings("UseDevelopmentStorage=true", "hostjsonhub");

        var service = new AzureStorageOrchestrationService(settings);

        Assert.Equal(settings.MaxConcurrentTaskOrchestrationWorkItems, service.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(settings.MaxConcurrentTaskActivityWorkItems, service.MaxConcurrentTaskActivityWorkItems);
    }

    [Fact]
    public void Absent_settings_take_the_Durable_extension_s_defaults()
    {
        var settings = DurableHostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(32, settings.ControlQueueBatchSize);
        Assert.Equal(256, settings.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.MaxQueuePollingInterval);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentOrchestratorFunctions);
        Assert.False(settings.ExtendedSessionsEnabled);
        Assert.Equal(30, settings.ExtendedSessionIdleTimeoutInSeconds);
        Assert.True(settings.UseTablePartitionManagement);
        Assert.False(settings.UseLegacyPartitionManagement);
    }

    [Fact]
    public void Each_setting_is_applied_to_the_backend_as_the_extension_applies_it()
    {
        var hostJson = DurableHostJson.Parse("""
            {
              "extensions": {
                "durableTask": {
                  "storageProvider": {
                    "partitionCount": 2,
                    "controlQueueBatchSize": 8,
                    "controlQueueBufferThreshold": 64,
                    "controlQueueVisibilityTimeout": "00:02:00",
                    "workItemQueueVisibilityTimeout": "00:03:00",
                    "maxQueuePollingInterval": "00:00:00.250",
                    "useTablePartitionManagement": false
                  },
                  "maxConcurrentActivityFunctions": 5,
                  "maxConcurrentOrchestratorFunctions": 6,
                  "extendedSessionsEnabled": true,
                  "extendedSessionIdleTimeoutInSeconds": 12
                }
              }
            }
            """);
        var settings = new AzureStorageOrchestrationServiceSettings();

        hostJson.ApplyTo(settings);

        Assert.Equal(2, settings.PartitionCount);
        Assert.Equal(8, settings.ControlQueueBatchSize);
        Assert.Equal(64, settings.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.MaxQueuePollingInterval);
        Assert.Equal(5, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(6, settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.True(settings.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(12), settings.ExtendedSessionIdleTimeout);
        Assert.False(settings.UseTablePartitionManagement);
    }

    [Fact]
    public void Property_names_are_matched_without_regard_to_case_as_the_Functions_host_binds_them()
    {
        var settings = DurableHostJson.Parse("""
            { "Extensions": { "DurableTask": { "StorageProvider": { "PartitionCount": 3, "MaxQueuePollingInterval": "00:00:02" } } } }
            """);

        Assert.Equal(3, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
    }

    [Theory]
    [InlineData("""{ "storageProvider": { "partitionCount": 0 } }""")]
    [InlineData("""{ "storageProvider": { "partitionCount": 17 } }""")]
    [InlineData("""{ "storageProvider": { "controlQueueBatchSize": 0 } }""")]
    [InlineData("""{ "storageProvider": { "controlQueueBufferThreshold": 1001 } }""")]
    [InlineData("""{ "storageProvider": { "controlQueueVisibilityTimeout": "00:00:30" } }""")]
    [InlineData("""{ "storageProvider": { "maxQueuePollingInterval": "00:00:00" } }""")]
    [InlineData("""{ "storageProvider": { "maxQueuePollingInterval": "soon" } }""")]
    [InlineData("""{ "maxConcurrentActivityFunctions": 0 }""")]
    [InlineData("""{ "maxConcurrentOrchestratorFunctions": -1 }""")]
    [InlineData("""{ "extendedSessionsEnabled": "maybe" }""")]
    public void Values_the_Durable_extension_refuses_at_start_are_refused(string durableTask)
    {
        string hostJson = $$"""{ "extensions": { "durableTask": {{durableTask}} } }""";

        Assert.Throws<InvalidOperationException>(() => DurableHostJson.Parse(hostJson));
    }
}
