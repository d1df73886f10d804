using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JobPipeline.Server.Engine;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JobPipeline.Tests.Server;

/// <summary>
/// A job's message lease says when the message is no longer its own (another delivery received it, as after a storage
/// outage longer than the visibility timeout), so that a delivery waiting the outage out leaves the job to the new one.
/// </summary>
public sealed class MessageLeaseTests
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lease_whose_message_another_delivery_took_over_is_lost_and_one_still_held_is_not()
    {
        Azurite azurite = await Azurite.Shared;
        var queue = new QueueClient(azurite.ConnectionString, Azurite.UniqueName("lease"));
        await queue.CreateAsync();
        await queue.SendMessageAsync("taken over");
        await queue.SendMessageAsync("held");
        QueueMessage[] received = (await queue.ReceiveMessagesAsync(2, Visibility)).Value;
        QueueMessage takenOver = received.Single(m => m.MessageText == "taken over");
        QueueMessage held = received.Single(m => m.MessageText == "held");
        var time = new FakeTimeProvider();
        await using var lostLease = new MessageLease(queue, takenOver, Visibility, time);
        await using var heldLease = new MessageLease(queue, held, Visibility, time);

        // Another delivery's receive: the message's pop receipt changes, the first lease's goes stale.
        await queue.UpdateMessageAsync(takenOver.MessageId, takenOver.PopReceipt, visibilityTimeout: Visibility);
        for (DateTime bound = DateTime.UtcNow.AddSeconds(30); !lostLease.Lost.IsCancellationRequested && DateTime.UtcNow < bound;)
        {
            // Renewals come every third of the visibility timeout: move the clock on until the first one has run.
            time.Advance(Visibility / 3);
            await Task.Delay(50);
        }

        Assert.True(lostLease.Lost.IsCancellationRequested);
        Assert.False(heldLease.Lost.IsCancellationRequested);
        await queue.DeleteAsync();
    }
}
