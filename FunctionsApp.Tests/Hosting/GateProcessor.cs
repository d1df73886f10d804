using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace FunctionsApp.Tests.Hosting;

/// <summary>
/// <c>test.gate</c>: a job that stays <c>processing</c>, writing nothing, until the test opens the gate (or the job is
/// cancelled), then completes with an empty JSON result.
/// </summary>
public sealed class GateProcessor : IJobProcessor
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public string Type => "test.gate";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes => [];

    /// <summary>Lets every waiting and future job of this type finish.</summary>
    public void Open() => _open.TrySetResult();

    /// <inheritdoc />
    public JobError? Validate(JobRequest request) => null;

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        await _open.Task.WaitAsync(cancellationToken);
        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await output.WriteAsync("{}"u8.ToArray(), cancellationToken);
        return new JobProcessorOutcome();
    }
}
