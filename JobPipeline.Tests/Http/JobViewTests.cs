using System.Net;
using JobPipeline.Http;
using JobPipeline.Jobs;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

public class JobViewTests(ITestOutputHelper output)
{
    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private static readonly DateTimeOffset Created = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(60, 6)]
    [InlineData(299, 30)]
    [InlineData(3600, 30)]
    [InlineData(-5, 1)]
    public void Retry_after_grows_with_the_jobs_age_from_1_to_30_seconds(int ageSeconds, int expected)
    {
        JobRecord job = Job();

        int seconds = JobView.RetryAfterSeconds(job, Created.AddSeconds(ageSeconds));

        Assert.Equal(expected, seconds);
    }

    [Fact]
    public void Retry_after_never_shrinks_as_the_job_ages()
    {
        JobRecord job = Job();

        int[] values = [.. Enumerable.Range(0, 400).Select(s => JobView.RetryAfterSeconds(job, Created.AddSeconds(s)))];

        Assert.Equal(values.Order(), values);
    }

    [Fact]
    public async Task The_retry_after_field_matches_the_Retry_After_header_of_an_old_job()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?> { ["JobPipeline:Worker:Enabled"] = "false", ["JobPipeline:ReconcileAfter"] = "1.00:00:00" },
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, time), host: Host, output: output);
        HttpClient client = server.Client();
        string id = await client.SubmitIdAsync("test.echo", new { text = "aging" });
        time.Advance(TimeSpan.FromSeconds(95));

        HttpResponseMessage job = await client.GetAsync($"/api/jobs/{id}");
        HttpResponseMessage operation = await client.GetAsync($"/api/operations/{id}");

        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
        Assert.Equal(10, (await job.ReadJsonAsync())["retry_after"]!.GetValue<int>());
        Assert.Equal(TimeSpan.FromSeconds(10), job.Headers.RetryAfter!.Delta);
        Assert.Equal(TimeSpan.FromSeconds(10), operation.Headers.RetryAfter!.Delta);
    }

    private static JobRecord Job() => new()
    {
        Tenant = "t",
        JobId = JobId.New(Created),
        Type = "test.echo",
        Status = JobStatus.Queued,
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
