using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>
/// The host serves no request before its storage, the engine's queue included, exists. Found as a CI flake: on a busy
/// machine the first submit of a new server reached a job queue that the worker had not created yet (QueueNotFound,
/// answered 500). Here queue creation is made slow on purpose, so the race is lost every time instead of sometimes.
/// </summary>
public sealed class StorageReadyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_submit_sent_the_moment_the_server_has_started_is_accepted_even_when_creating_the_queue_is_slow()
    {
        Azurite azurite = await Azurite.Shared;
        await using var server = new PipelineFactory(azurite, services: services => services.AddSingleton(sp => SlowToCreate(sp, azurite)), output: output);

        HttpResponseMessage response = await server.Client().SubmitAsync("test.echo", new { text = "first" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        Assert.Equal("completed", (await server.Client().WaitAsync(id))["status"]!.GetValue<string>());
    }

    /// <summary>The server's queue client, but creating the queue takes two seconds longer.</summary>
    private static QueueClient SlowToCreate(IServiceProvider services, Azurite azurite)
    {
        var options = new QueueClientOptions();
        options.AddPolicy(new SlowQueueCreation(), HttpPipelinePosition.PerCall);
        string name = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobPipelineOptions>>().Value.Storage.QueueName;
        return new QueueClient(azurite.ConnectionString, name, options);
    }

    private sealed class SlowQueueCreation : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            // Creating a queue is a PUT on the queue itself; sending a message is a POST on …/messages.
            if (message.Request.Method == RequestMethod.Put && !message.Request.Uri.Path.Contains("/messages", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
