using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace JobPipeline.Server.Engine;

/// <summary>
/// Holds a received message while its job runs: renews its visibility every third of the timeout, and ends by
/// deleting it (job done) or making it visible again after a delay (job to be retried).
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    /// <summary>Renewals per visibility timeout: renewed well before it runs out, so one failed renewal (storage in trouble) does not let the message reappear.</summary>
    private const int RenewalsPerVisibilityTimeout = 3;

    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _visibility;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly SemaphoreSlim _receiptLock = new(1, 1);
    private readonly Task _renewal;
    private string _popReceipt;
    private bool _ended;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, TimeProvider time)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _visibility = visibility;
        _renewal = Task.Run(() => RenewAsync(time));
    }

    /// <summary>
    /// Cancelled when a renewal finds the message no longer held by this lease (its visibility ran out, during a storage
    /// outage, and another delivery received it): the job is that delivery's now.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Deletes the message: its job is terminal.</summary>
    public Task CompleteAsync() => EndAsync(async receipt => await _queue.DeleteMessageAsync(_messageId, receipt));

    /// <summary>Makes the message visible again after <paramref name="delay"/>.</summary>
    public Task ReleaseAsync(TimeSpan delay) => EndAsync(async receipt => await _queue.UpdateMessageAsync(_messageId, receipt, visibilityTimeout: delay));

    /// <summary>
    /// Makes the message visible again after <paramref name="delay"/> with a new <paramref name="body"/>, in one call;
    /// returns its new pop receipt (null when the update failed).
    /// </summary>
    public async Task<string?> ReleaseAsync(TimeSpan delay, string body)
    {
        string? popReceipt = null;
        await EndAsync(async receipt => popReceipt = (await _queue.UpdateMessageAsync(_messageId, receipt, body, delay)).Value.PopReceipt);
        return popReceipt;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task EndAsync(Func<string, Task> end)
    {
        await _stop.CancelAsync();
        await _receiptLock.WaitAsync();
        try
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            await end(_popReceipt);
        }
        catch (RequestFailedException)
        {
            // The receipt went stale (another delivery took over) or storage is away: the message comes back by itself.
        }
        finally
        {
            _receiptLock.Release();
        }
    }

    private async Task RenewAsync(TimeProvider time)
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(_visibility / RenewalsPerVisibilityTimeout, time, _stop.Token);
            await _receiptLock.WaitAsync(_stop.Token);
            try
            {
                if (_ended)
                {
                    return;
                }

                UpdateReceipt receipt = (await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _visibility, cancellationToken: _stop.Token)).Value;
                _popReceipt = receipt.PopReceipt;
            }
            catch (RequestFailedException e) when (e.Status is 400 or 404)
            {
                // The pop receipt is stale (the message was received again) or the message is gone: no renewal can succeed.
                await _lost.CancelAsync();
                return;
            }
            catch (RequestFailedException)
            {
                // Storage in trouble: try again at the next tick; if the message was lost to another delivery meanwhile,
                // the next renewal says so, and the job's row guards say who wins.
            }
            finally
            {
                _receiptLock.Release();
            }
        }
    }
}
