using FunctionsApp.Engine;
using JobPipeline.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// <see cref="DeferredJobs"/>: which deferred job a tenant's freed slot wakes, and how the list stays bounded.
/// </summary>
public sealed class DeferredJobsTests
{
    [Fact]
    public void The_tenant_s_job_deferred_longest_ago_is_taken_first_and_only_once()
    {
        var jobs = new DeferredJobs(new FakeTimeProvider());
        jobs.Add(new JobRef("tenant-a", "a1"));
        jobs.Add(new JobRef("tenant-b", "b1"));
        jobs.Add(new JobRef("tenant-a", "a2"));

        string? first = jobs.TakeOldest("tenant-a");
        string? second = jobs.TakeOldest("tenant-a");
        string? none = jobs.TakeOldest("tenant-a");

        Assert.Equal("a1", first);
        Assert.Equal("a2", second);
        Assert.Null(none);
        Assert.Equal("b1", jobs.TakeOldest("tenant-b"));
    }

    [Fact]
    public void A_job_deferred_again_goes_to_the_end_of_its_tenant_s_list_and_a_started_job_leaves_it()
    {
        var jobs = new DeferredJobs(new FakeTimeProvider());
        jobs.Add(new JobRef("tenant-a", "a1"));
        jobs.Add(new JobRef("tenant-a", "a2"));
        jobs.Add(new JobRef("tenant-a", "a3"));

        jobs.Add(new JobRef("tenant-a", "a1"));
        jobs.Remove(new JobRef("tenant-a", "a2"));

        Assert.Equal(2, jobs.Count);
        Assert.Equal("a3", jobs.TakeOldest("tenant-a"));
        Assert.Equal("a1", jobs.TakeOldest("tenant-a"));
        Assert.Equal(0, jobs.Count);
    }

    [Fact]
    public void An_entry_older_than_its_lifetime_is_not_woken()
    {
        var time = new FakeTimeProvider();
        var jobs = new DeferredJobs(time);
        jobs.Add(new JobRef("tenant-a", "gone"));
        time.Advance(DeferredJobs.Lifetime);
        jobs.Add(new JobRef("tenant-a", "fresh"));

        string? taken = jobs.TakeOldest("tenant-a");

        Assert.Equal("fresh", taken);
        Assert.Equal(0, jobs.Count);
    }

    [Fact]
    public void Past_its_capacity_the_list_drops_its_oldest_entry()
    {
        var jobs = new DeferredJobs(new FakeTimeProvider());
        jobs.Add(new JobRef("tenant-a", "first"));
        for (int i = 1; i < DeferredJobs.Capacity; i++)
        {
            jobs.Add(new JobRef("tenant-b", $"b{i}"));
        }

        jobs.Add(new JobRef("tenant-c", "last"));

        Assert.Equal(DeferredJobs.Capacity, jobs.Count);
        Assert.Null(jobs.TakeOldest("tenant-a"));
        Assert.Equal("last", jobs.TakeOldest("tenant-c"));
    }
}
