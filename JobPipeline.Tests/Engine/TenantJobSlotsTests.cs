using JobPipeline.Engine;
using JobPipeline.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace JobPipeline.Tests.Engine;

public sealed class TenantJobSlotsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_tenant_gets_no_more_slots_than_its_cap_while_another_tenant_still_does()
    {
        TenantJobSlots slots = Slots(cap: 2);

        bool first = slots.TryReserve(new JobRef("a", "1"));
        bool second = slots.TryReserve(new JobRef("a", "2"));
        bool third = slots.TryReserve(new JobRef("a", "3"));
        bool other = slots.TryReserve(new JobRef("b", "4"));

        Assert.Equal([true, true, false, true], [first, second, third, other]);
        Assert.True(slots.TryReserve(new JobRef("a", "1")), "a job that holds a slot keeps it");
    }

    [Fact]
    public void A_held_slot_is_free_again_once_its_holding_ends()
    {
        TenantJobSlots slots = Slots(cap: 1);
        var job = new JobRef("a", "1");
        slots.TryReserve(job);

        IDisposable holding = slots.Hold(job);
        _time.Advance(TimeSpan.FromHours(1));
        bool whileHeld = slots.TryReserve(new JobRef("a", "2"));
        holding.Dispose();
        bool afterwards = slots.TryReserve(new JobRef("a", "2"));

        Assert.False(whileHeld);
        Assert.True(afterwards);
        Assert.Equal(1, slots.InUse("a"));
    }

    [Fact]
    public void A_reservation_no_process_step_takes_up_lapses_and_a_released_one_is_free_at_once()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));

        bool beforeLapse = slots.TryReserve(new JobRef("a", "2"));
        _time.Advance(TenantJobSlots.ReservationLifetime);
        bool afterLapse = slots.TryReserve(new JobRef("a", "2"));
        slots.Release(new JobRef("a", "2"));

        Assert.False(beforeLapse);
        Assert.True(afterLapse);
        Assert.Equal(0, slots.InUse("a"));
    }

    [Fact]
    public void A_process_step_holds_a_slot_even_past_the_cap_as_its_job_has_started()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));

        using IDisposable elsewhere = slots.Hold(new JobRef("a", "2"));

        Assert.Equal(2, slots.InUse("a"));
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_tenant_s_oldest_waiter_and_no_other_caller_takes_it_in_between()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));
        Task<bool> second = slots.WaitReserveAsync(new JobRef("a", "2"), TimeSpan.FromSeconds(10), maxWaiters: 8);
        Task<bool> third = slots.WaitReserveAsync(new JobRef("a", "3"), TimeSpan.FromSeconds(10), maxWaiters: 8);
        bool waitedAtFirst = !second.IsCompleted && !third.IsCompleted;

        slots.Release(new JobRef("a", "1"));
        bool secondGot = await second.WaitAsync(TimeSpan.FromSeconds(30));
        bool latecomer = slots.TryReserve(new JobRef("a", "4"));
        bool thirdStillWaits = !third.IsCompleted;
        using (slots.Hold(new JobRef("a", "2")))
        {
        }

        bool thirdGot = await third.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(waitedAtFirst);
        Assert.True(secondGot);
        Assert.False(latecomer);
        Assert.True(thirdStillWaits);
        Assert.True(thirdGot);
        Assert.Equal(1, slots.InUse("a"));
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task A_waiter_that_gets_no_slot_in_time_gets_false_and_leaves_the_queue()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));
        Task<bool> waiting = slots.WaitReserveAsync(new JobRef("a", "2"), TimeSpan.FromSeconds(2), maxWaiters: 8);

        _time.Advance(TimeSpan.FromSeconds(2));
        bool got = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        slots.Release(new JobRef("a", "1"));

        Assert.False(got);
        Assert.Equal(0, slots.Waiting);
        Assert.Equal(0, slots.InUse("a"));
    }

    [Fact]
    public async Task Past_the_bound_on_waiters_of_all_tenants_a_caller_gets_false_at_once()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));
        slots.TryReserve(new JobRef("b", "1"));
        Task<bool> waiting = slots.WaitReserveAsync(new JobRef("a", "2"), TimeSpan.FromSeconds(10), maxWaiters: 1);

        Task<bool> beyond = slots.WaitReserveAsync(new JobRef("b", "2"), TimeSpan.FromSeconds(10), maxWaiters: 1);
        bool other = await slots.WaitReserveAsync(new JobRef("c", "1"), TimeSpan.FromSeconds(10), maxWaiters: 1);

        Assert.True(beyond.IsCompleted);
        Assert.False(await beyond);
        Assert.True(other, "a tenant below its cap gets its slot without waiting");
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, slots.Waiting);
        slots.Release(new JobRef("a", "1"));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_freed_slot_goes_to_the_next_one()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));
        using var cancel = new CancellationTokenSource();
        Task<bool> cancelled = slots.WaitReserveAsync(new JobRef("a", "2"), TimeSpan.FromSeconds(10), maxWaiters: 8, cancel.Token);
        Task<bool> next = slots.WaitReserveAsync(new JobRef("a", "3"), TimeSpan.FromSeconds(10), maxWaiters: 8);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        slots.Release(new JobRef("a", "1"));
        bool nextGot = await next.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(nextGot);
        Assert.False(slots.TryReserve(new JobRef("a", "2")), "the cancelled waiter holds no slot");
        Assert.Equal(1, slots.InUse("a"));
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task A_reservation_that_lapses_is_handed_to_the_oldest_waiter()
    {
        TenantJobSlots slots = Slots(cap: 1);
        slots.TryReserve(new JobRef("a", "1"));
        Task<bool> waiting = slots.WaitReserveAsync(new JobRef("a", "2"), TenantJobSlots.ReservationLifetime * 2, maxWaiters: 8);

        _time.Advance(TenantJobSlots.ReservationLifetime);
        bool got = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        bool latecomer = slots.TryReserve(new JobRef("a", "3"));

        Assert.True(got);
        Assert.False(latecomer);
        Assert.Equal(1, slots.InUse("a"));
    }

    [Fact]
    public async Task Under_concurrent_reserves_waits_cancels_and_releases_no_tenant_ever_exceeds_its_cap_and_nothing_is_left_behind()
    {
        const int cap = 3;
        var slots = new TenantJobSlots(
            Microsoft.Extensions.Options.Options.Create(new JobPipelineOptions { MaxRunningJobsPerTenant = cap }), TimeProvider.System);
        string[] tenants = ["a", "b"];
        var running = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        int worst = 0;
        int started = 0;

        async Task CallerAsync(int caller)
        {
            for (int round = 0; round < 40; round++)
            {
                var job = new JobRef(tenants[(caller + round) % 2], $"{caller}-{round}");
                using var cancel = new CancellationTokenSource();
                Task<bool> reserve = round % 3 == 0
                    ? Task.FromResult(slots.TryReserve(job))
                    : slots.WaitReserveAsync(job, TimeSpan.FromSeconds(30), maxWaiters: 16, cancel.Token);
                if (round % 7 == 0)
                {
                    await cancel.CancelAsync();
                }

                bool reserved;
                try
                {
                    reserved = await reserve;
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                if (!reserved)
                {
                    continue;
                }

                Interlocked.Increment(ref started);
                lock (running)
                {
                    worst = Math.Max(worst, ++running[job.Tenant]);
                }

                if (round % 2 == 0)
                {
                    using IDisposable held = slots.Hold(job);
                    await Task.Yield();
                    lock (running)
                    {
                        running[job.Tenant]--;
                    }
                }
                else
                {
                    await Task.Yield();
                    lock (running)
                    {
                        running[job.Tenant]--;
                    }

                    slots.Release(job);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(caller => Task.Run(() => CallerAsync(caller)))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.InRange(worst, 1, cap);
        // Every wait that was not cancelled gets its slot (22 of each caller's 40 rounds): none is starved by a leaked slot.
        Assert.True(started >= 12 * 22, $"only {started} calls got a slot");
        Assert.Equal(0, slots.InUse("a"));
        Assert.Equal(0, slots.InUse("b"));
        Assert.Equal(0, slots.Waiting);
    }

    private TenantJobSlots Slots(int cap) =>
        new(Microsoft.Extensions.Options.Options.Create(new JobPipelineOptions { MaxRunningJobsPerTenant = cap }), _time);
}
