using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Support;

/// <summary>
/// Job type <c>test.held</c>: holds its runs until <see cref="Release"/> (so that a test can act while a job is inside
/// the processor), then writes <c>{"done":true}</c>; counts its runs per job.
/// </summary>
public sealed class HeldProcessor : IJobProcessor
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, int> _runs = [];

    /// <inheritdoc />
    public string Type => "test.held";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes => [];

    /// <summary>Completes when a job first runs the processor.</summary>
    public Task Entered => _entered.Task;

    /// <inheritdoc />
    public JobError? Validate(JobRequest request) => null;

    /// <summary>Lets the held run and every later one go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>How often <paramref name="jobId"/> ran the processor.</summary>
    public int Runs(string jobId)
    {
        lock (_runs)
        {
            return _runs.GetValueOrDefault(jobId);
        }
    }

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        lock (_runs)
        {
            _runs[execution.JobId] = _runs.GetValueOrDefault(execution.JobId) + 1;
        }

        _entered.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await output.WriteAsync("{\"done\":true}"u8.ToArray(), cancellationToken);
        return new JobProcessorOutcome();
    }
}
