using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace JobPipeline.Http;

/// <summary>
/// Bounds the memory that JSON envelopes being read and parsed hold at once. An envelope is parsed in memory and costs
/// a few times its size while it is handled; a body up to <see cref="SmallBodyBytes"/> passes freely, a larger one
/// must first reserve its size (the declared length, or <see cref="JobPipelineOptions.MaxEnvelopeBytes"/> for a chunked
/// body once it grows past the free share) from <see cref="JobPipelineOptions.LargeBodyBudgetBytes"/>. When the budget is
/// taken, it waits in line up to <see cref="JobPipelineOptions.LargeBodyQueueTimeout"/>, then answers
/// <c>503 SERVER_BUSY</c> with <c>Retry-After</c>: a clean, retryable refusal instead of a server that swells to
/// gigabytes under a burst of large bodies. One reservation per request, taken whole, so two requests never each
/// hold part of what the other waits for.
/// </summary>
internal sealed class LargeBodyGate(IOptions<JobPipelineOptions> options, TimeProvider time)
{
    /// <summary>Bodies up to this size are not counted against the budget.</summary>
    public const long SmallBodyBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private long _reserved;

    /// <summary>Bytes reserved now (for tests and diagnostics).</summary>
    public long Reserved
    {
        get
        {
            lock (_lock)
            {
                return _reserved;
            }
        }
    }

    /// <summary>
    /// Admits a request's body: reserves its declared length now when it is large, or meters a body of unknown length
    /// as it is read. Dispose the lease when the body and everything made from it are no longer needed.
    /// </summary>
    public async Task<Lease> EnterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JobPipelineOptions settings = options.Value;
        var lease = new Lease(this);
        if (request.ContentLength is { } declared)
        {
            if (declared > SmallBodyBytes && declared <= settings.MaxEnvelopeBytes)
            {
                await lease.ReserveAsync(declared, cancellationToken);
            }

            return lease;
        }

        request.Body = new MeteredStream(request.Body, lease, settings.MaxEnvelopeBytes);
        return lease;
    }

    /// <summary>Reserves <paramref name="bytes"/> (at most the whole budget), waiting in line; returns what was reserved.</summary>
    private async Task<long> ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        JobPipelineOptions settings = options.Value;
        bytes = Math.Min(bytes, settings.LargeBodyBudgetBytes);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _reserved + bytes <= settings.LargeBodyBudgetBytes)
            {
                _reserved += bytes;
                return bytes;
            }

            waiter = new Waiter(bytes);
            waiter.Node = _waiting.AddLast(waiter);
        }

        using var timeout = new CancellationTokenSource(settings.LargeBodyQueueTimeout, time);
        using (timeout.Token.Register(() => Abandon(waiter)))
        using (cancellationToken.Register(() => Abandon(waiter)))
        {
            if (await waiter.Admitted.Task)
            {
                return bytes;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Busy(settings);
    }

    private void Abandon(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiting.Remove(waiter.Node);
            AdmitWaiting();
        }

        waiter.Admitted.TrySetResult(false);
    }

    private void Release(long bytes)
    {
        lock (_lock)
        {
            _reserved -= bytes;
            AdmitWaiting();
        }
    }

    // Called under the lock: first come, first served, so a large envelope is not overtaken forever by smaller ones.
    private void AdmitWaiting()
    {
        long budget = options.Value.LargeBodyBudgetBytes;
        while (_waiting.First is { } first && _reserved + first.Value.Bytes <= budget)
        {
            _waiting.RemoveFirst();
            _reserved += first.Value.Bytes;
            first.Value.Admitted.TrySetResult(true);
        }
    }

    private static ApiException Busy(JobPipelineOptions settings) => new(
        503,
        new JobError(
            ErrorCodes.ServerBusy,
            "Too many large request bodies are being handled right now; try again shortly.",
            new JsonObject { ["budget_bytes"] = settings.LargeBodyBudgetBytes },
            Retryable: true),
        TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(settings.LargeBodyQueueTimeout.TotalSeconds), 1, 60)));

    /// <summary>What one request holds of the budget; released when disposed.</summary>
    internal sealed class Lease(LargeBodyGate gate) : IDisposable
    {
        private long _bytes;

        public async Task ReserveAsync(long bytes, CancellationToken cancellationToken)
        {
            if (_bytes > 0)
            {
                return;
            }

            _bytes = await gate.ReserveAsync(bytes, cancellationToken);
        }

        public void Dispose()
        {
            long bytes = Interlocked.Exchange(ref _bytes, 0);
            if (bytes > 0)
            {
                gate.Release(bytes);
            }
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource<bool> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A body of unknown length: once more than <see cref="SmallBodyBytes"/> has been read, the rest waits for a reservation.</summary>
    private sealed class MeteredStream(Stream inner, Lease lease, long reserveBytes) : ReadOnlyStream
    {
        private long _read;

        public override long Position { get => _read; }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read > SmallBodyBytes)
            {
                await lease.ReserveAsync(reserveBytes, cancellationToken);
            }

            int n = await inner.ReadAsync(buffer, cancellationToken);
            _read += n;
            return n;
        }
    }
}
