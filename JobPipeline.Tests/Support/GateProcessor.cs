using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Support;

/// <summary>A processor whose jobs block until <see cref="Open"/> is called; it counts how many of each tenant's jobs run at once.</summary>
public sealed class GateProcessor : IJobProcessor
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, (int Running, int Most)> _byTenant = [];

    /// <inheritdoc />
    public string Type => "test.gate";

    /// <inheritdoc />
    public IReadOnlyCollection<string> DocumentContentTypes => [];

    /// <inheritdoc />
    public JobError? Validate(JobRequest request) => null;

    /// <summary>Lets every held and future job finish.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>How many of the tenant's jobs are inside the processor now.</summary>
    public int Running(string tenant)
    {
        lock (_byTenant)
        {
            return _byTenant.GetValueOrDefault(tenant).Running;
        }
    }

    /// <summary>The most of the tenant's jobs that were inside the processor at once.</summary>
    public int MostAtOnce(string tenant)
    {
        lock (_byTenant)
        {
            return _byTenant.GetValueOrDefault(tenant).Most;
        }
    }

    /// <inheritdoc />
    public async Task<JobProcessorOutcome> ProcessAsync(JobExecution execution, CancellationToken cancellationToken = default)
    {
        Count(execution.Tenant, +1);
        try
        {
            await _open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Count(execution.Tenant, -1);
        }

        await using Stream output = await execution.Result.OpenAsync("application/json", ResultForm.Json, cancellationToken);
        await output.WriteAsync("{\"passed\":true}"u8.ToArray(), cancellationToken);
        return new JobProcessorOutcome();
    }

    private void Count(string tenant, int change)
    {
        lock (_byTenant)
        {
            (int running, int most) = _byTenant.GetValueOrDefault(tenant);
            running += change;
            _byTenant[tenant] = (running, Math.Max(most, running));
        }
    }
}
