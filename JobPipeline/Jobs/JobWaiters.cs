using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobPipeline.Jobs;

/// <summary>
/// Long-poll waits on jobs. All requests of this instance that wait on one job share one watch: a single loop reads
/// the job from storage at most once per <see cref="LongPollOptions.PollInterval"/> (for changes other instances
/// make), and a write this instance makes (<see cref="JobChanges"/>) reaches the waiters at once, without a read.
/// Waiters per tenant are bounded (<see cref="LongPollOptions.MaxWaitersPerTenant"/>); a waiter whose request is
/// aborted leaves at once, and the watch ends with its last waiter.
/// </summary>
internal sealed partial class JobWaiters : IDisposable
{
    private readonly ConcurrentDictionary<JobRef, JobWatch> _watches = new();
    private readonly Dictionary<string, int> _perTenant = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly JobQueries _queries;
    private readonly JobChanges _changes;
    private readonly LongPollOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JobWaiters> _logger;

    /// <summary>Creates the waiters and listens to this instance's row writes.</summary>
    public JobWaiters(JobQueries queries, JobChanges changes, IOptions<JobPipelineOptions> options, TimeProvider time, ILogger<JobWaiters> logger)
    {
        _queries = queries;
        _changes = changes;
        _options = options.Value.LongPoll;
        _time = time;
        _logger = logger;
        _changes.Changed += OnChanged;
    }

    /// <summary>How many requests of <paramref name="tenant"/> wait right now on this instance.</summary>
    public int Count(string tenant)
    {
        lock (_gate)
        {
            return _perTenant.GetValueOrDefault(tenant);
        }
    }

    /// <summary>How many jobs are watched right now (one storage poll loop each).</summary>
    public int WatchedJobs => _watches.Count;

    /// <summary>
    /// Waits until <paramref name="done"/> holds for the job, it is deleted, or <paramref name="wait"/> has passed,
    /// and returns the job as it stands then. <paramref name="current"/> is the row the caller has just read (the
    /// wait starts from it). Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// (the client's request) is canceled.
    /// </summary>
    public async Task<JobWaitResult> WaitAsync(
        JobRecord current, Func<JobRecord, bool> done, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (done(current))
        {
            return new JobWaitResult(current);
        }

        JobWatch? watch = Enter(current);
        if (watch is null)
        {
            return new JobWaitResult(current, Refused: true);
        }

        try
        {
            DateTimeOffset deadline = _time.GetUtcNow() + wait;
            while (true)
            {
                (JobRecord? latest, Task next) = watch.Snapshot();
                if (latest is null || done(latest))
                {
                    return new JobWaitResult(latest);
                }

                TimeSpan left = deadline - _time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return new JobWaitResult(latest);
                }

                try
                {
                    await next.WaitAsync(left, _time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    return new JobWaitResult(watch.Snapshot().Latest);
                }
            }
        }
        finally
        {
            Leave(watch);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _changes.Changed -= OnChanged;
        foreach (JobWatch watch in _watches.Values)
        {
            watch.Stop.Cancel();
        }
    }

    private JobWatch? Enter(JobRecord current)
    {
        JobRef job = current.Ref;
        JobWatch watch;
        bool created = false;
        lock (_gate)
        {
            int waiting = _perTenant.GetValueOrDefault(job.Tenant);
            if (waiting >= _options.MaxWaitersPerTenant)
            {
                return null;
            }

            _perTenant[job.Tenant] = waiting + 1;
            if (!_watches.TryGetValue(job, out watch!))
            {
                watch = new JobWatch(job, current, _time.GetUtcNow());
                _watches[job] = watch;
                created = true;
            }

            watch.Waiters++;
        }

        if (created)
        {
            _ = Task.Run(() => PollAsync(watch));
        }
        else
        {
            // The caller's read is as fresh as a poll: it may be newer than what the watch holds.
            watch.Publish(current, _time.GetUtcNow());
        }

        return watch;
    }

    private void Leave(JobWatch watch)
    {
        lock (_gate)
        {
            string tenant = watch.Job.Tenant;
            int waiting = _perTenant.GetValueOrDefault(tenant) - 1;
            if (waiting > 0)
            {
                _perTenant[tenant] = waiting;
            }
            else
            {
                _perTenant.Remove(tenant);
            }

            if (--watch.Waiters == 0)
            {
                _watches.TryRemove(new KeyValuePair<JobRef, JobWatch>(watch.Job, watch));
                watch.Stop.Cancel();
            }
        }
    }

    private void OnChanged(JobRef job, JobRecord? row)
    {
        if (_watches.TryGetValue(job, out JobWatch? watch))
        {
            watch.Publish(row is null ? null : row with { InputInline = null, OptionsJson = "{}" }, _time.GetUtcNow());
        }
    }

    /// <summary>The watch's one storage reader: a read when the last news is older than the poll interval.</summary>
    private async Task PollAsync(JobWatch watch)
    {
        CancellationToken stop = watch.Stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                TimeSpan due = watch.SeenAt + _options.PollInterval - _time.GetUtcNow();
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _time, stop);
                    continue;
                }

                try
                {
                    JobRecord? row = await _queries.GetAsync(watch.Job, cancellationToken: stop);
                    watch.Publish(row, _time.GetUtcNow());
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // Storage out of reach: waiters keep what they have and the next poll tries again.
                    LogPollFailed(_logger, e, watch.Job.JobId);
                    watch.Postpone(_time.GetUtcNow());
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The last waiter left (whatever the read in flight threw on being canceled).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Long-poll read of job {JobId} failed; trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string jobId);

    /// <summary>What the waiters of one job share: the latest row seen and a task completed at each news.</summary>
    private sealed class JobWatch(JobRef job, JobRecord current, DateTimeOffset seenAt)
    {
        private readonly Lock _gate = new();
        private JobRecord? _latest = current;
        private DateTimeOffset _seenAt = seenAt;
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JobRef Job { get; } = job;

        /// <summary>Guarded by the owner's gate.</summary>
        public int Waiters { get; set; }

        public CancellationTokenSource Stop { get; } = new();

        public DateTimeOffset SeenAt
        {
            get
            {
                lock (_gate)
                {
                    return _seenAt;
                }
            }
        }

        public (JobRecord? Latest, Task Next) Snapshot()
        {
            lock (_gate)
            {
                return (_latest, _next.Task);
            }
        }

        /// <summary>Takes news of the row (null: deleted) unless it is older than what the watch holds, and wakes the waiters.</summary>
        public void Publish(JobRecord? row, DateTimeOffset now)
        {
            TaskCompletionSource woken;
            lock (_gate)
            {
                _seenAt = now;
                if (_latest is not null && (row is null || row.UpdatedAt >= _latest.UpdatedAt))
                {
                    _latest = row;
                }

                woken = _next;
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            woken.TrySetResult();
        }

        public void Postpone(DateTimeOffset now)
        {
            lock (_gate)
            {
                _seenAt = now;
            }
        }
    }
}
