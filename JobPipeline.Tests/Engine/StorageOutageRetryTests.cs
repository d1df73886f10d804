using System.Net.Sockets;
using Azure;
using JobPipeline.Engine;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Engine;

/// <summary>
/// Which failures are storage that could not be reached (they use none of a step's attempts) and how long a step waits
/// through them: <see cref="StorageUnavailableException.IsStorageFailure"/> and <see cref="StepRetryPolicy"/>.
/// </summary>
public sealed class StorageOutageRetryTests
{
    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "no answer (refused, reset)", new RequestFailedException(0, "Connection refused", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))), true },
        { "408", new RequestFailedException(408, "Request timeout"), true },
        { "500", new RequestFailedException(500, "Internal error"), true },
        { "502", new RequestFailedException(502, "Bad gateway"), true },
        { "503", new RequestFailedException(503, "Server busy"), true },
        { "504", new RequestFailedException(504, "Gateway timeout"), true },
        { "the SDK's retries used up", new AggregateException("Retry failed after 2 tries. Retry settings can be adjusted in ClientOptions.Retry.", new RequestFailedException(0, "Connection refused"), new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:02. Network timeout can be adjusted in ClientOptions.Retry.NetworkTimeout.")), true },
        { "the SDK's network timeout", new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:02. Network timeout can be adjusted in ClientOptions.Retry.NetworkTimeout."), true },
        { "an activity's report of it", new StorageUnavailableException(JobStepNames.Process, new RequestFailedException(503, "Server busy")), true },
        { "404", new RequestFailedException(404, "Not found"), false },
        { "409", new RequestFailedException(409, "Conflict"), false },
        { "412", new RequestFailedException(412, "Precondition failed"), false },
        { "429", new RequestFailedException(429, "Too many requests"), false },
        { "501", new RequestFailedException(501, "Not implemented"), false },
        { "the SDK's retries used up on a 409", new AggregateException("Retry failed after 2 tries.", new RequestFailedException(409, "Conflict"), new RequestFailedException(0, "Connection refused")), false },
        { "an aggregate no SDK retry made", new AggregateException(new RequestFailedException(0, "Connection refused")), false },
        { "a processor's own HTTP call", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)), false },
        { "a processor's own I/O", new IOException("transient"), false },
        { "a processor's own timeout", new TaskCanceledException("The operation was canceled."), false },
        { "a processor's retryable error", new JobProcessingException(new JobError("BUSY", "Try later.", Retryable: true)), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Storage_that_could_not_be_reached_is_told_apart_from_every_other_failure(string failure, Exception exception, bool storage)
    {
        bool found = StorageUnavailableException.IsStorageFailure(exception);

        Assert.True(found == storage, $"{failure}: expected {storage}");
    }

    [Theory]
    [InlineData(0, 1, 100)]
    [InlineData(0, 2, 200)]
    [InlineData(10, 5, 1_600)]
    [InlineData(1_000, 1, 1_000)]
    [InlineData(1_000, 4, 8_000)]
    [InlineData(1_000, 5, 15_000)]
    [InlineData(1_000, 60, 15_000)]
    [InlineData(60_000, 1, 15_000)]
    public void The_wait_through_an_outage_grows_from_the_first_interval_and_is_capped(int firstMilliseconds, int tries, int expectedMilliseconds)
    {
        var retry = new StepRetryPolicy(3, TimeSpan.FromMilliseconds(firstMilliseconds), StorageWait: TimeSpan.FromMinutes(30));

        TimeSpan delay = retry.StorageRetryDelay(tries);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }

    [Fact]
    public void A_step_waits_through_an_outage_only_for_storage_and_only_within_the_storage_wait()
    {
        var retry = new StepRetryPolicy(3, TimeSpan.FromSeconds(1), StorageWait: TimeSpan.FromMinutes(30));
        var older = new StepRetryPolicy(3, TimeSpan.FromSeconds(1));

        bool storage = retry.RetriesThroughOutage(storageUnavailable: true, tries: 1, elapsed: TimeSpan.FromMinutes(10));
        bool processor = retry.RetriesThroughOutage(storageUnavailable: false, tries: 1, elapsed: TimeSpan.Zero);
        bool pastTheWait = retry.RetriesThroughOutage(storageUnavailable: true, tries: 10, elapsed: TimeSpan.FromMinutes(29.9));
        bool withoutAWait = older.RetriesThroughOutage(storageUnavailable: true, tries: 1, elapsed: TimeSpan.Zero);

        Assert.True(storage);
        Assert.False(processor);
        Assert.False(pastTheWait);
        Assert.False(withoutAWait);
    }
}
