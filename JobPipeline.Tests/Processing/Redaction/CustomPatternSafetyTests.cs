using System.Text.Json.Nodes;
using JobPipeline.Processing;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class CustomPatternSafetyTests
{
    [Fact]
    public async Task A_catastrophic_pattern_runs_in_linear_time_on_the_non_backtracking_engine()
    {
        var options = new JsonObject { ["patterns"] = new JsonArray(new JsonObject { ["name"] = "EVIL", ["regex"] = "(a+)+$" }) };
        string text = new string('a', 50_000) + "!";

        // No stopwatch: a backtracking engine needs about 2^50000 steps here, so it could only end by the pattern
        // match timeout, which fails the run; returning with no findings is the proof of the linear engine.
        (JsonObject? result, JobProcessorOutcome _) = await Redaction.RunTextAsync(text, options);

        Assert.Empty(result["findings"]!.AsArray());
    }

    [Fact]
    public async Task A_pattern_that_times_out_fails_the_job_cleanly_naming_the_pattern()
    {
        RedactionOptions settings = Redaction.Settings with { PatternMatchTimeout = TimeSpan.FromMilliseconds(10), ChunkChars = 16 * 1024 * 1024 };
        var options = new JsonObject
        {
            ["entities"] = new JsonArray("EMAIL_ADDRESS"),
            ["patterns"] = new JsonArray(new JsonObject { ["name"] = "SLOW", ["regex"] = @"(\w+\s?)*\d{3}-(\w+\s?)*x" }),
        };
        string text = string.Concat(Enumerable.Repeat("word 123-word ", 600_000));

        JobProcessingException failure = await Assert.ThrowsAsync<JobPipeline.Processing.JobProcessingException>(
            () => Redaction.RunDocumentAsync(text, "text/plain", options, settings));

        Assert.Equal("VALIDATION_FAILED", failure.Error.Code);
        Assert.Equal("options.patterns[0].regex", (string)failure.Error.Details!["field"]!);
    }
}
