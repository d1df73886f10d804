using System.Text;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using JobPipeline.Tests.Support;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class ChunkBoundaryTests
{
    private static readonly RedactionOptions SmallChunks = Redaction.Settings with { ChunkChars = 256, OverlapChars = 64 };

    [Theory]
    [InlineData(240)]
    [InlineData(250)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(300)]
    public async Task An_entity_straddling_a_chunk_boundary_is_found_once(int position)
    {
        string text = new string('x', position - 1) + " jane.doe@example.com " + new string('y', 600);

        (System.Text.Json.Nodes.JsonObject? result, JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(text, "text/plain", settings: SmallChunks);

        Assert.Equal([("EMAIL_ADDRESS", position, position + 20)], Redaction.Findings(result));
        Assert.Equal(text.Replace("jane.doe@example.com", "[EMAIL_ADDRESS_1]", StringComparison.Ordinal), document);
    }

    [Fact]
    public async Task Placeholders_stay_consistent_across_many_chunks()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            builder.Append("line ").Append(i).Append(" from a@example.com and b").Append(i % 3).Append("@example.com.\n");
        }

        (System.Text.Json.Nodes.JsonObject _, JobProcessorOutcome? outcome, string? redacted) = await Redaction.RunDocumentAsync(builder.ToString(), "text/plain", settings: SmallChunks);

        Assert.Equal(400, (int)outcome.Summary!["entity_count"]!);
        Assert.Equal(200, CountOf(redacted, "[EMAIL_ADDRESS_1]"));
        Assert.DoesNotContain("[EMAIL_ADDRESS_5]", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_byte_characters_across_chunk_boundaries_survive()
    {
        string text = string.Concat(Enumerable.Repeat("Grüße 😀 from zoë@example.com — ", 50));

        (System.Text.Json.Nodes.JsonObject _, JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(text, "text/plain", settings: SmallChunks);

        Assert.Equal(text.Replace("zoë@example.com", "[EMAIL_ADDRESS_1]", StringComparison.Ordinal), document);
    }

    [Fact]
    public async Task Progress_is_reported_as_the_input_is_consumed()
    {
        var reports = new List<int>();
        string text = new string('z', 300_000) + " 10.0.0.1";
        JobExecution baseExecution = ProcessorHarness.Document("redact", text, "text/plain");
        var execution = new JobPipeline.Processing.JobExecution
        {
            Tenant = baseExecution.Tenant, JobId = baseExecution.JobId, Type = "redact", Input = baseExecution.Input,
            Options = [], Result = baseExecution.Result, Progress = new SynchronousProgress(reports.Add),
        };

        await Redaction.Processor(SmallChunks).ProcessAsync(execution);

        Assert.True(reports.Count > 2);
        Assert.Equal(100, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
