using static JobPipeline.Bench.BenchReport;

namespace JobPipeline.Bench;

/// <summary>
/// On paper, checked by computation: Azure Storage's scalability targets (2,000 entities/s per table partition,
/// 2,000 messages/s per queue, 20,000 requests/s per account) against what one job costs each host, for 1, 10 and
/// 100 tenants submitting flat out. Each tenant's rate rises together (max-min fair, as the per-tenant cap and the
/// tenant-partitioned table make it) until a resource is full; the tenants that use it stop there and the others go
/// on (progressive filling). Prints, per host and variant: jobs/s per tenant, in total, and what saturates first.
/// </summary>
public static class StorageTargets
{
    private const double PartitionEntitiesPerSecond = 2_000;
    private const double QueueMessagesPerSecond = 2_000;
    private const double AccountRequestsPerSecond = 20_000;

    /// <summary>Durable Task Scheduler, Dedicated SKU: 2,000 actions/s per capacity unit, at most 3 units.</summary>
    private const double SchedulerActionsPerSecondPerUnit = 2_000;

    /// <summary>What one job costs, by resource. "tenant:" resources are one per tenant; the rest are shared.</summary>
    /// <param name="Host">The host and variant.</param>
    /// <param name="Demand">Units per job on each resource (entities, messages, requests, actions).</param>
    /// <param name="Capacity">Units per second of each resource.</param>
    public sealed record Model(string Host, IReadOnlyDictionary<string, double> Demand, IReadOnlyDictionary<string, double> Capacity);

    /// <summary>
    /// The per-job costs: the queue engine's from <paramref name="server"/> (the measured calls per job of this run,
    /// or the figures of docs/benchmarks.md when the calls part did not run), plus <paramref name="statusReadsPerJob"/>
    /// status reads a client makes while its job runs.
    /// </summary>
    public static IReadOnlyList<Model> Models(ServerJobCost server, double statusReadsPerJob)
    {
        double tenantRows = server.TenantRowEntities + statusReadsPerJob;
        double serverRequests = server.Requests + statusReadsPerJob;

        // The Durable Functions app runs the same steps (row insert, start, attempt, finish; expiry entry) plus its
        // backend's own work: 20–21 storage requests per job with one partition since start and process run as one
        // activity (measured, --only engines, 2026-11-30), of which 2 messages on the one control queue
        // (ExecutionStarted, the activity's TaskCompleted) and 1 on the work-item queue.
        const double durableBackendRequests = 20.5;
        double durableRequests = server.Requests - server.QueueRequests + durableBackendRequests + statusReadsPerJob;
        var models = new List<Model>
        {
            Server("queue engine (one queue, index by hour)", tenantRows, server.IndexEntities, 1, 1, serverRequests),
            Server("queue engine, 8 queues, index by hour and 8 shards", tenantRows, server.IndexEntities, 8, 8, serverRequests),
            new("Durable, Azure Storage backend, partitionCount 1", new Dictionary<string, double>
            {
                ["tenant: jobs partition"] = tenantRows, ["expiry index hour partition"] = server.IndexEntities,
                ["control queue"] = 2, ["work-item queue"] = 1, ["account requests"] = durableRequests,
            }, Shared(("control queue", QueueMessagesPerSecond), ("work-item queue", QueueMessagesPerSecond))),
            new("Durable, Azure Storage backend, partitionCount 16", new Dictionary<string, double>
            {
                ["tenant: jobs partition"] = tenantRows, ["expiry index hour partition"] = server.IndexEntities,
                ["16 control queues"] = 2, ["work-item queue"] = 1, ["account requests"] = durableRequests + 0.5,
            }, Shared(("16 control queues", 16 * QueueMessagesPerSecond), ("work-item queue", QueueMessagesPerSecond))),
            new("Durable, Durable Task Scheduler backend (Dedicated, 1 CU)", new Dictionary<string, double>
            {
                ["tenant: jobs partition"] = tenantRows, ["expiry index hour partition"] = server.IndexEntities,
                ["scheduler actions, 1 CU"] = 3, ["account requests"] = server.Requests - server.QueueRequests + statusReadsPerJob,
            }, Shared(("scheduler actions, 1 CU", SchedulerActionsPerSecondPerUnit))),
        };
        return models;

        static Model Server(string host, double tenantRows, double index, int queues, int indexShards, double requests) => new(
            host,
            new Dictionary<string, double>
            {
                ["tenant: jobs partition"] = tenantRows,
                ["expiry index partition(s)"] = index,
                ["job queue(s)"] = 1,
                ["account requests"] = requests,
            },
            Shared(("expiry index partition(s)", indexShards * PartitionEntitiesPerSecond), ("job queue(s)", queues * QueueMessagesPerSecond)));
    }

    private static Dictionary<string, double> Shared(params (string Name, double Capacity)[] more)
    {
        var capacity = new Dictionary<string, double>
        {
            ["tenant: jobs partition"] = PartitionEntitiesPerSecond,
            ["expiry index hour partition"] = PartitionEntitiesPerSecond,
            ["account requests"] = AccountRequestsPerSecond,
        };
        foreach ((string name, double value) in more)
        {
            capacity[name] = value;
        }

        return capacity;
    }

    /// <summary>Progressive filling: each tenant's jobs/s, and the resource that stopped it.</summary>
    public static (double[] PerTenant, string[] Limit) Fill(Model model, int tenants)
    {
        double[] rate = new double[tenants];
        string?[] limit = new string?[tenants];
        while (limit.Any(l => l is null))
        {
            // The largest step every unfrozen tenant can take together before some resource is full.
            double step = double.PositiveInfinity;
            string? full = null;
            int? fullTenant = null;
            foreach ((string resource, double perJob) in model.Demand)
            {
                if (perJob <= 0)
                {
                    continue;
                }

                double capacity = model.Capacity[resource];
                if (resource.StartsWith("tenant:", StringComparison.Ordinal))
                {
                    for (int t = 0; t < tenants; t++)
                    {
                        double room = (capacity - rate[t] * perJob) / perJob;
                        if (limit[t] is null && room < step)
                        {
                            (step, full, fullTenant) = (room, resource, t);
                        }
                    }
                }
                else
                {
                    int active = limit.Count(l => l is null);
                    double room = (capacity - rate.Sum() * perJob) / (perJob * active);
                    if (room < step)
                    {
                        (step, full, fullTenant) = (room, resource, null);
                    }
                }
            }

            for (int t = 0; t < tenants; t++)
            {
                if (limit[t] is null)
                {
                    rate[t] += step;
                }
            }

            for (int t = 0; t < tenants; t++)
            {
                if (limit[t] is null && (fullTenant is null || fullTenant == t))
                {
                    limit[t] = full;
                }
            }
        }

        return (rate, [.. limit.Select(l => l!)]);
    }

    /// <summary>Runs the models for 1, 10 and 100 tenants and adds one line per host and tenant count.</summary>
    public static void Report(BenchReport report, ServerJobCost server, double statusReadsPerJob = 2)
    {
        foreach (Model model in Models(server, statusReadsPerJob))
        {
            foreach (int tenants in new[] { 1, 10, 100 })
            {
                (double[] perTenant, string[] limit) = Fill(model, tenants);
                string costs = string.Join(", ", model.Demand.Select(d => $"{d.Key} {F(d.Value, "0.##")}"));
                report.Add(new(
                    $"Azure Storage targets, simulated: {model.Host}, {tenants} tenant{(tenants > 1 ? "s" : "")} flat out",
                    $"{F(perTenant[0])} jobs/s per tenant, {F(perTenant.Sum())} jobs/s in total; saturates first: {limit.GroupBy(l => l).OrderByDescending(g => g.Count()).First().Key} (per job: {costs})",
                    "", "", "", null));
            }
        }
    }
}

/// <summary>What one small job costs the queue engine in storage calls (from the calls part, or the documented figures).</summary>
/// <param name="TenantRowEntities">Entity reads and writes in the tenant's partition of the jobs table.</param>
/// <param name="IndexEntities">Entity writes in the expiry index (one hour partition for every tenant).</param>
/// <param name="QueueRequests">Queue requests (send, receive, delete, updates).</param>
/// <param name="Requests">Every storage request.</param>
public sealed record ServerJobCost(double TenantRowEntities, double IndexEntities, double QueueRequests, double Requests)
{
    /// <summary>From the counts of <see cref="StorageCallCounter"/> for <paramref name="jobs"/> jobs (the bench's status reads and empty receives left out).</summary>
    public static ServerJobCost From(IReadOnlyDictionary<string, long> calls, int jobs)
    {
        double Sum(Func<string, bool> which) => calls.Where(c => which(c.Key) && !c.Key.Contains("status columns", StringComparison.Ordinal) && !c.Key.Contains("receive, empty", StringComparison.Ordinal)).Sum(c => c.Value) / (double)jobs;
        // A job row's status change is one entity-group transaction with its tenant's counter shard (JobCounters): two
        // entities of the tenant's partition per $batch.
        return new(
            Sum(k => k.StartsWith("table ", StringComparison.Ordinal) && k.Contains(" jobs (", StringComparison.Ordinal))
                + 2 * Sum(k => k.StartsWith("table ", StringComparison.Ordinal) && k.Contains("$batch", StringComparison.Ordinal)),
            Sum(k => k.StartsWith("table ", StringComparison.Ordinal) && k.Contains(" jobindex", StringComparison.Ordinal)),
            Sum(k => k.StartsWith("queue ", StringComparison.Ordinal)),
            Sum(_ => true));
    }
}
