using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using JobPipeline.Http;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Server;

/// <summary>
/// Storage did the write but its answer never came back (a timeout while it was slow), so the storage client sent the
/// write again and met its own row. Found as a CI flake under load: such a submit answered 500 (EntityAlreadyExists).
/// </summary>
public sealed class LostStorageAnswerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_submit_whose_row_insert_landed_but_whose_answer_was_lost_is_accepted_once()
    {
        var lost = new LostAnswer();
        await using PipelineFactory server = Server(lost);
        lost.Table = server.Setting("JobPipeline:Storage:JobsTableName");
        HttpClient client = server.Client();

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "once" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, lost.Lost);
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        Assert.Equal("completed", (await client.WaitAsync(id))["status"]!.GetValue<string>());
        Assert.Single((await (await client.GetAsync("/api/jobs")).ReadJsonAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task An_idempotency_claim_whose_answer_was_lost_is_still_the_submits_own()
    {
        var lost = new LostAnswer();
        await using PipelineFactory server = Server(lost);
        lost.Table = server.Setting("JobPipeline:Storage:IndexTableName");
        HttpClient client = server.Client();
        client.DefaultRequestHeaders.Add("Idempotency-Key", "lost-answer");

        HttpResponseMessage first = await client.SubmitAsync("test.echo", new { text = "once" });
        HttpResponseMessage again = await client.SubmitAsync("test.echo", new { text = "once" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(1, lost.Lost);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync())["job_id"]!.GetValue<string>(), (await again.ReadJsonAsync())["job_id"]!.GetValue<string>());
    }

    [Fact]
    public void A_retry_that_failed_with_a_refused_connection_then_a_timeout_counts_as_storage_unavailable()
    {
        var failed = new AggregateException(new RequestFailedException(0, "Connection refused"), new TaskCanceledException("The operation was canceled."));

        Assert.True(ApiEndpoint.IsStorageUnavailable(failed));
    }

    private PipelineFactory Server(LostAnswer lost)
    {
        PipelineFactory? server = null;
        server = new PipelineFactory(
            Azurite.Shared.GetAwaiter().GetResult(),
            services: services => services.AddSingleton(_ =>
            {
                var options = new TableClientOptions();
                options.Retry.Delay = TimeSpan.FromMilliseconds(10);
                options.AddPolicy(lost, HttpPipelinePosition.PerRetry);
                return new TableServiceClient(server!.Azurite.ConnectionString, options);
            }),
            output: output);
        return server;
    }

    /// <summary>Lets the first insert into <see cref="Table"/> through, then throws its answer away as a broken connection would.</summary>
    private sealed class LostAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public string? Table { get; set; }

        public int Lost => _lost;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            // A job row is inserted in one transaction with its tenant's counts (JobCounters): a batch whose body adds to the table.
            bool batchInsert = Table is not null && RequestCounter.BatchText(message) is { } batch
                && RequestCounter.InsertsInto(batch, Table);
            await ProcessNextAsync(message, pipeline);
            bool insert = message.Request.Method == RequestMethod.Post && Table is not null
                && (message.Request.Uri.Path.EndsWith("/" + Table, StringComparison.Ordinal) && message.Response.Status == 204
                    || batchInsert && message.Response.Status == 202);
            if (insert && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
            {
                throw new IOException("The connection broke before the answer arrived.");
            }
        }
    }
}
