using System.Text.Json.Nodes;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;
using JobPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class CustomPatternCostTests
{
    [Theory]
    [InlineData(@"\d{3}-\d{4}", 8)]
    [InlineData(@"[\s\S]{1,480}q", 481)]
    [InlineData(@"(ab|c){10}", 30)]
    [InlineData(@"(?:(?:ab){20}c){10}", 410)]
    [InlineData(@"(?<year>\d{4})-\d\d", 7)]
    [InlineData(@"(?i:insect)+", 6)]
    [InlineData(@"[a-z-[aeiou]]{2,}x*", 3)]
    [InlineData(@"\p{Lu}{5}\u0041{2}", 7)]
    [InlineData(@"a{,3}", 5)]
    [InlineData(@"T-\d+", 3)]
    public void A_pattern_counts_its_positions_with_counted_repetitions_written_out(string regex, int positions)
    {
        int counted = PatternSize.Positions(regex);

        Assert.Equal(positions, counted);
    }

    [Fact]
    public async Task Patterns_that_use_up_their_time_per_megabyte_fail_the_job_naming_the_costliest()
    {
        // Each search "takes" 10 s on this clock, more than the budget of 2 s plus 2 s per Mi characters allows.
        var processor = new RedactProcessor(Options.Create(Redaction.Settings), new SteppingClock(TimeSpan.FromSeconds(10)));
        var options = new JsonObject { ["patterns"] = new JsonArray(new JsonObject { ["name"] = "TICKET", ["regex"] = @"T-\d+" }) };
        JobExecution execution = ProcessorHarness.Document("redact", string.Concat(Enumerable.Repeat("ticket T-123 ", 20_000)), "text/plain", options);

        JobProcessingException failure = await Assert.ThrowsAsync<JobProcessingException>(() => processor.ProcessAsync(execution));

        Assert.Equal("VALIDATION_FAILED", failure.Error.Code);
        Assert.False(failure.Error.Retryable);
        Assert.Equal("options.patterns[0].regex", (string)failure.Error.Details!["field"]!);
        Assert.Contains("'TICKET'", failure.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pattern_budget_grows_with_the_text_searched()
    {
        // 0.5 s per search of a 64 Ki-character chunk is 8 s per Mi characters; 10 s per Mi is allowed here.
        RedactionOptions settings = Redaction.Settings with { PatternTimePerMegabyte = TimeSpan.FromSeconds(10) };
        var processor = new RedactProcessor(Options.Create(settings), new SteppingClock(TimeSpan.FromSeconds(0.5)));
        var options = new JsonObject { ["entities"] = new JsonArray("EMAIL_ADDRESS"), ["patterns"] = new JsonArray(new JsonObject { ["name"] = "TICKET", ["regex"] = @"T-\d+" }) };
        JobExecution execution = ProcessorHarness.Document("redact", string.Concat(Enumerable.Repeat("ticket T-123 ", 160_000)), "text/plain", options);

        JobProcessorOutcome outcome = await processor.ProcessAsync(execution);

        Assert.Equal(160_000, (int)outcome.Summary!["entity_count"]!);
    }

    /// <summary>A clock on which every reading is <paramref name="step"/> after the previous one.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }
}
