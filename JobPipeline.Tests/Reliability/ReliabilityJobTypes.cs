using System.Text;
using System.Text.Json;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using JobPipeline.Tests.Reliability;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(ReliabilityJobTypes))]

namespace JobPipeline.Tests.Reliability;

/// <summary>
/// Adds the test job types to a <see cref="ServerProcess"/> (loaded only when the process is started with
/// <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=JobPipeline.Tests</c>; in-memory test servers never see it):
/// those of <see cref="TestProcessors"/> and <see cref="SlowEcho"/>.
/// </summary>
public sealed class ReliabilityJobTypes : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        foreach (IJobProcessor processor in TestProcessors.All)
        {
            services.AddSingleton(processor);
        }

        services.AddSingleton<IJobProcessor, SlowEcho>();
    });

    /// <summary>
    /// <c>test.slowecho</c>: waits <c>{"ms": n}</c> (reporting progress), then returns <c>text</c> — a job that is
    /// in flight long enough to be killed in the middle, with a result that says which job it belongs to.
    /// </summary>
    public sealed class SlowEcho : IJobProcessor
    {
        public string Type => "test.slowecho";

        public IReadOnlyCollection<string> DocumentContentTypes => [];

        public JobError? Validate(JobRequest request) => null;

        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
            int ms = input.GetProperty("ms").GetInt32();
            for (int waited = 0; waited < ms; waited += 50)
            {
                await Task.Delay(50, cancellationToken);
                execution.Progress.Report(waited * 100 / ms);
            }

            await using Stream output = await execution.Result.OpenAsync("text/plain", ResultForm.Text, cancellationToken);
            await output.WriteAsync(Encoding.UTF8.GetBytes(input.GetProperty("text").GetString()!), cancellationToken);
            return new JobProcessorOutcome();
        }
    }
}
