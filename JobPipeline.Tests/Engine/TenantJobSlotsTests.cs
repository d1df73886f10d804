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

    private TenantJobSlots Slots(int cap) =>
        new(Microsoft.Extensions.Options.Options.Create(new JobPipelineOptions { MaxRunningJobsPerTenant = cap }), _time);
}
