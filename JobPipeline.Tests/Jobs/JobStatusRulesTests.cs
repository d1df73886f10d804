using JobPipeline.Jobs;

namespace JobPipeline.Tests.Jobs;

public sealed class JobStatusRulesTests
{
    private static readonly HashSet<(JobStatus From, JobStatus To)> Allowed =
    [
        (JobStatus.Queued, JobStatus.Processing),
        (JobStatus.Queued, JobStatus.Completed),
        (JobStatus.Queued, JobStatus.Failed),
        (JobStatus.Queued, JobStatus.Canceled),
        (JobStatus.Processing, JobStatus.Completed),
        (JobStatus.Processing, JobStatus.Failed),
        (JobStatus.Processing, JobStatus.Canceled),
        (JobStatus.Completed, JobStatus.Expired),
        (JobStatus.Failed, JobStatus.Expired),
        (JobStatus.Canceled, JobStatus.Expired),
    ];

    public static TheoryData<JobStatus, JobStatus> EveryPair()
    {
        var pairs = new TheoryData<JobStatus, JobStatus>();
        foreach (JobStatus from in Enum.GetValues<JobStatus>())
        {
            foreach (JobStatus to in Enum.GetValues<JobStatus>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_status_moves_only_forward_along_the_documented_edges(JobStatus from, JobStatus to)
    {
        bool expected = Allowed.Contains((from, to));

        bool actual = JobStatusRules.CanMove(from, to);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_pair_of_statuses_is_covered_and_no_status_moves_to_itself()
    {
        JobStatus[] all = Enum.GetValues<JobStatus>();

        int pairs = EveryPair().Count();

        Assert.Equal(36, pairs);
        Assert.All(all, s => Assert.False(JobStatusRules.CanMove(s, s)));
    }

    [Theory]
    [InlineData(JobStatus.Queued, false)]
    [InlineData(JobStatus.Processing, false)]
    [InlineData(JobStatus.Completed, true)]
    [InlineData(JobStatus.Failed, true)]
    [InlineData(JobStatus.Canceled, true)]
    [InlineData(JobStatus.Expired, true)]
    public void Terminal_statuses_are_the_ones_execution_cannot_leave(JobStatus status, bool terminal)
    {
        bool actual = status.IsTerminal();

        Assert.Equal(terminal, actual);
    }

    [Fact]
    public void Every_status_reads_back_from_its_wire_name_and_nothing_else_does()
    {
        JobStatus[] all = Enum.GetValues<JobStatus>();

        var roundTrips = all.Select(s => JobStatusRules.TryParseWire(s.ToWire(), out JobStatus back) && back == s).ToList();

        Assert.All(roundTrips, Assert.True);
        Assert.Equal(["queued", "processing", "completed", "failed", "canceled", "expired"], all.Select(s => s.ToWire()));
        Assert.False(JobStatusRules.TryParseWire("Completed", out _));
        Assert.False(JobStatusRules.TryParseWire(null, out _));
    }
}
