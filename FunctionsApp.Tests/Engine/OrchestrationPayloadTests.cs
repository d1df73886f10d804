using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsApp.Engine;
using JobPipeline.Engine;
using JobPipeline.Jobs;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// Durable Functions stores every orchestration input, activity input and activity output as JSON written with the
/// worker's System.Text.Json serializer; the payloads of the workflow must come back unchanged.
/// </summary>
public sealed class OrchestrationPayloadTests
{
    public static TheoryData<string> SerializerDefaults => ["General", "Web"];

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_step_inputs_and_outputs_survive_a_round_trip(string defaults)
    {
        JsonSerializerOptions options = Options(defaults);
        var job = new JobRef("tenant-a", "0123456789abcdefghjkmnpqrs");
        var fail = new FailStepInput(job, new JobError(ErrorCodes.ProcessingFailed, "Failed.", new JsonObject { ["attempts"] = 3 }, Retryable: true));

        JobRef jobBack = RoundTrip(job, options);
        FailStepInput failBack = RoundTrip(fail, options);
        StartStepResult startBack = RoundTrip(new StartStepResult(true, JobStatus.Processing), options);
        StepOutcome outcomeBack = RoundTrip(new StepOutcome(JobStatus.Completed), options);

        Assert.Equal(job, jobBack);
        Assert.Equal(job, failBack.Job);
        Assert.Equal(fail.Error.Code, failBack.Error.Code);
        Assert.True(failBack.Error.Retryable);
        Assert.Equal(3, failBack.Error.Details!["attempts"]!.GetValue<int>());
        Assert.Equal(new StartStepResult(true, JobStatus.Processing), startBack);
        Assert.Equal(new StepOutcome(JobStatus.Completed), outcomeBack);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_retry_policy_carried_in_the_orchestration_input_survives_a_round_trip(string defaults)
    {
        var retry = new StepRetryPolicy(3, TimeSpan.FromSeconds(1.5), 2.0);

        StepRetryPolicy back = RoundTrip(retry, Options(defaults));

        Assert.Equal(retry, back);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_orchestration_input_written_under_one_serializer_s_defaults_is_read_whole_under_the_other(string writer)
    {
        var input = new JobOrchestration(new JobRef("tenant-a", "0123456789abcdefghjkmnpqrs"), new StepRetryPolicy(5, TimeSpan.FromSeconds(1.5), 3.0), Fused: true, Wake: true);
        JsonSerializerOptions reader = Options(writer == "Web" ? "General" : "Web");

        JobOrchestration back = JsonSerializer.Deserialize<JobOrchestration>(JsonSerializer.Serialize(input, Options(writer)), reader)!;

        Assert.Equal(input, back);
    }

    [Fact]
    public void The_orchestration_input_has_fixed_snake_case_names()
    {
        var input = new JobOrchestration(new JobRef("t", "j"), new StepRetryPolicy(3, TimeSpan.FromSeconds(1)));

        string json = JsonSerializer.Serialize(input, Options("Web"));

        Assert.Equal("""{"job":{"tenant":"t","job_id":"j"},"retry":{"max_attempts":3,"first_retry_interval":"00:00:01","backoff_coefficient":2},"fused":false}""", json);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void An_orchestration_input_written_before_fused_steps_existed_reads_as_not_fused(string defaults)
    {
        string old = """{"job":{"tenant":"t","job_id":"j"},"retry":{"max_attempts":3,"first_retry_interval":"00:00:01","backoff_coefficient":2}}""";

        JobOrchestration back = JsonSerializer.Deserialize<JobOrchestration>(old, Options(defaults))!;

        Assert.False(back.Fused);
        Assert.False(back.Wake);
        Assert.Equal(new JobRef("t", "j"), back.Job);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_row_wait_carried_in_the_orchestration_input_is_read_back_and_is_absent_from_older_inputs(string defaults)
    {
        var input = new JobOrchestration(new JobRef("t", "j"), new StepRetryPolicy(3, TimeSpan.FromSeconds(1)), RowWait: TimeSpan.FromSeconds(90));
        string old = """{"job":{"tenant":"t","job_id":"j"},"retry":{"max_attempts":3,"first_retry_interval":"00:00:01","backoff_coefficient":2},"fused":true}""";

        string json = JsonSerializer.Serialize(input, Options(defaults));
        JobOrchestration back = JsonSerializer.Deserialize<JobOrchestration>(json, Options(defaults))!;
        JobOrchestration oldBack = JsonSerializer.Deserialize<JobOrchestration>(old, Options(defaults))!;

        Assert.Contains("\"row_wait\":\"00:01:30\"", json);
        Assert.Equal(input, back);
        Assert.Null(oldBack.RowWait);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_storage_wait_carried_in_the_retry_policy_is_read_back_and_is_absent_from_older_inputs(string defaults)
    {
        var input = new JobOrchestration(new JobRef("t", "j"), new StepRetryPolicy(3, TimeSpan.FromSeconds(1), StorageWait: TimeSpan.FromMinutes(30)));
        string old = """{"job":{"tenant":"t","job_id":"j"},"retry":{"max_attempts":3,"first_retry_interval":"00:00:01","backoff_coefficient":2},"fused":true}""";

        string json = JsonSerializer.Serialize(input, Options(defaults));
        JobOrchestration back = JsonSerializer.Deserialize<JobOrchestration>(json, Options(defaults))!;
        JobOrchestration oldBack = JsonSerializer.Deserialize<JobOrchestration>(old, Options(defaults))!;

        Assert.Contains("\"storage_wait\":\"00:30:00\"", json);
        Assert.Equal(input, back);
        Assert.Null(oldBack.Retry.StorageWait);
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_fused_activity_s_result_survives_a_round_trip(string defaults)
    {
        var done = new StartAndProcessResult(new StartStepResult(true, JobStatus.Processing), new StepOutcome(JobStatus.Completed), null);
        var failed = new StartAndProcessResult(new StartStepResult(true, JobStatus.Processing), null, "IOException: reset");
        var noRow = new StartAndProcessResult(null, null, null);
        StartAndProcessResult waking = done with { Wake = "0123456789abcdefghjkmnpqrs" };
        StartAndProcessResult outage = failed with { StorageUnavailable = true };

        StartAndProcessResult doneBack = RoundTrip(done, Options(defaults));
        StartAndProcessResult wakingBack = RoundTrip(waking, Options(defaults));
        StartAndProcessResult failedBack = RoundTrip(failed, Options(defaults));
        StartAndProcessResult noRowBack = RoundTrip(noRow, Options(defaults));
        StartAndProcessResult outageBack = RoundTrip(outage, Options(defaults));

        Assert.Equal(done, doneBack);
        Assert.Equal(failed, failedBack);
        Assert.Equal(noRow, noRowBack);
        Assert.Equal(waking, wakingBack);
        Assert.Null(doneBack.Wake);
        Assert.Equal(outage, outageBack);
        Assert.False(failedBack.StorageUnavailable);
    }

    [Fact]
    public void The_job_reference_is_written_in_the_api_s_snake_case()
    {
        string json = JsonSerializer.Serialize(new JobRef("tenant-a", "0123456789abcdefghjkmnpqrs"), Options("Web"));

        Assert.Equal("""{"tenant":"tenant-a","job_id":"0123456789abcdefghjkmnpqrs"}""", json);
    }

    private static JsonSerializerOptions Options(string defaults) =>
        new(defaults == "Web" ? JsonSerializerDefaults.Web : JsonSerializerDefaults.General);

    private static T RoundTrip<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, options), options)!;
}
