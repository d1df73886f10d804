using System.Text.Json;
using JobPipeline.Bench;
using JobPipeline.Jobs;
using JobPipeline.Processing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(BenchJobTypes))]

namespace JobPipeline.Bench;

/// <summary>
/// Adds <c>bench.echo</c> to the real server process (ASP.NET Core hosting startup, loaded only when the bench starts
/// the server with <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=JobPipeline.Bench</c>), so that the pipeline can be measured
/// on a build that has no shipped job type yet. Everything else the server does is unchanged.
/// </summary>
public sealed class BenchJobTypes : IHostingStartup
{
    /// <inheritdoc />
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services =>
        {
            services.AddJobProcessor<EchoProcessor>();
            services.AddJobProcessor<SleepProcessor>();
            services.AddJobProcessor<TraceProcessor>();
        });

    /// <summary>
    /// <c>bench.echo</c>: the cheapest possible job — a JSON input comes back as the result, a raw document is
    /// streamed to the result unchanged (so a big document measures the pipeline's own memory, not a processor's).
    /// </summary>
    public sealed class EchoProcessor : IJobProcessor
    {
        /// <inheritdoc />
        public string Type => "bench.echo";

        /// <inheritdoc />
        public IReadOnlyCollection<string> DocumentContentTypes => ["text/plain", "text/csv", "application/json"];

        /// <inheritdoc />
        public JobError? Validate(JobRequest request) => null;

        /// <inheritdoc />
        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            if (execution.Input.IsDocument)
            {
                await using Stream input = await execution.Input.OpenReadAsync(cancellationToken);
                await using Stream output = await execution.Result.OpenAsync("text/plain", ResultForm.Text, cancellationToken);
                await input.CopyToAsync(output, 81920, cancellationToken);
            }
            else
            {
                JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
                await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
                await using var writer = new Utf8JsonWriter(output);
                input.WriteTo(writer);
            }

            return new JobProcessorOutcome();
        }
    }

    /// <summary><c>bench.sleep</c>: holds a worker for <c>{"ms": n}</c> milliseconds, like a long job would.</summary>
    public sealed class SleepProcessor : IJobProcessor
    {
        /// <inheritdoc />
        public string Type => "bench.sleep";

        /// <inheritdoc />
        public IReadOnlyCollection<string> DocumentContentTypes => [];

        /// <inheritdoc />
        public JobError? Validate(JobRequest request) => null;

        /// <inheritdoc />
        public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
        {
            JsonElement input = await execution.Input.ReadJsonAsync(cancellationToken);
            await Task.Delay(input.GetProperty("ms").GetInt32(), cancellationToken);
            await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
            await output.WriteAsync("{}"u8.ToArray(), cancellationToken);
            return new JobProcessorOutcome();
        }
    }
}
