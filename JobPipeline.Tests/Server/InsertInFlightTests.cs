using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JobPipeline.Storage;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>
/// The submitter tells the engine before it inserts the row, so this instance's worker can meet a job whose row is not
/// there yet. When that insert is under way here, the worker waits for it (<see cref="InsertsInFlight"/>) instead of
/// reading the row, missing it and pausing; an insert that fails ends the wait, and nothing stays in flight.
/// </summary>
public sealed class InsertInFlightTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RequestCounter _requests = new();
    private readonly HeldInsert _held = new();
    private PipelineFactory _server = null!;
    private string _table = null!;

    public async Task InitializeAsync()
    {
        PipelineFactory? server = null;
        server = new PipelineFactory(
            await Azurite.Shared,
            new Dictionary<string, string?> { ["JobPipeline:JobRowWait"] = "00:00:00.200" },
            services => services.AddSingleton(_ =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(_held, HttpPipelinePosition.PerCall);
                options.AddPolicy(_requests, HttpPipelinePosition.PerCall);
                return new TableServiceClient(server!.Azurite.ConnectionString, options);
            }),
            output: output);
        _server = server;
        _table = server.Setting("JobPipeline:Storage:JobsTableName");
        _held.Table = _table;
        _held.Inserts = server.Services.GetRequiredService<JobTable>().Inserts;
        _held.Requests = _requests;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_worker_that_meets_a_job_whose_insert_is_under_way_here_waits_for_it_instead_of_reading_the_row()
    {
        HttpClient client = _server.Client();

        // The insert is held until the worker has the job's message and waits for the row (bounded, see HeldInsert).
        string id = await client.SubmitIdAsync("test.echo", new { text = "awaited" });
        JsonObject done = await client.WaitAsync(id);

        Assert.True(_held.WaiterSeen, "The worker never waited for the insert; the test proves nothing.");
        Assert.Equal(0, _held.RowReadsWhileHeld);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(0, _held.Inserts!.Count);
    }

    [Fact]
    public async Task An_insert_that_fails_ends_the_workers_wait_and_the_job_never_appears()
    {
        HttpClient client = _server.Client();
        _held.Fail = true;

        HttpResponseMessage refused = await client.SubmitAsync("test.echo", new { text = "never" });
        JsonArray listed = (await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray();

        Assert.True(_held.WaiterSeen, "The worker never waited for the insert; the test proves nothing.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Empty(listed);
        Assert.Equal(0, _held.Inserts!.Count);
    }

    /// <summary>
    /// Holds the insert of a row into <see cref="Table"/> until a start on this instance waits for it (30 s at most, so a
    /// build without the wait fails the test rather than hangs), notes how often the table's rows were read meanwhile,
    /// then lets it through, or fails it as storage in trouble would (<see cref="Fail"/>).
    /// </summary>
    private sealed class HeldInsert : HttpPipelinePolicy
    {
        public string? Table { get; set; }

        public InsertsInFlight? Inserts { get; set; }

        public RequestCounter? Requests { get; set; }

        public bool Fail { get; set; }

        public bool WaiterSeen { get; private set; }

        public int RowReadsWhileHeld { get; private set; } = -1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Table is not null && RequestCounter.BatchText(message) is { } batch && RequestCounter.InsertsInto(batch, Table))
            {
                int readsBefore = RowReads();
                DateTime deadline = DateTime.UtcNow.AddSeconds(30);
                while (Inserts!.Awaited == 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20);
                }

                WaiterSeen = Inserts.Awaited > 0;
                RowReadsWhileHeld = RowReads() - readsBefore;
                if (Fail)
                {
                    throw new RequestFailedException(503, "Injected storage fault.");
                }
            }

            await ProcessNextAsync(message, pipeline);
        }

        private int RowReads() => Requests!.To(Table!).Count(r => r.Method == "GET" && r.Path.Contains("RowKey=", StringComparison.Ordinal));
    }
}
