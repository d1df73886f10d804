using FunctionsApp.Engine;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// The Durable start step's attempts derive from <c>JobPipeline:JobRowWait</c>: the fewest whose retry intervals add
/// up to the wait, so an orchestration looks for a late row as long as the server's worker does.
/// </summary>
public sealed class StartAttemptsTests
{
    [Theory]
    [InlineData(60, 7)] // 1 + 2 + 4 + 8 + 16 + 32 = 63 s: the seven attempts the start step always had
    [InlineData(63, 7)]
    [InlineData(64, 8)]
    [InlineData(10, 5)] // 1 + 2 + 4 + 8 = 15 s
    [InlineData(1, 2)]
    [InlineData(0, 1)]
    public void The_attempts_cover_the_row_wait_with_the_default_policy(int waitSeconds, int attempts)
    {
        int covering = DurableWorkflowContext.AttemptsCovering(TimeSpan.FromSeconds(waitSeconds), TimeSpan.FromSeconds(1), 2.0);

        Assert.Equal(attempts, covering);
    }

    [Fact]
    public void Intervals_that_do_not_grow_need_an_attempt_per_interval()
    {
        int covering = DurableWorkflowContext.AttemptsCovering(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 1.0);

        Assert.Equal(7, covering);
    }
}
