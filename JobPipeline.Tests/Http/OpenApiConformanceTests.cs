using JobPipeline.Jobs;

namespace JobPipeline.Tests.Http;

/// <summary>
/// The check every test client makes of every response (<see cref="Support.OpenApiConformance"/>) finds what does not
/// match openapi.json, and only that.
/// </summary>
public class OpenApiConformanceTests
{
    private static readonly string Id = JobId.New(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_body_that_breaks_its_operations_schema_is_a_mismatch_naming_the_operation()
    {
        string? mismatch = await ApiSchemas.Embedded.CheckResponseAsync("GET", $"/api/jobs/{Id}", 200, isJson: true, """{"job_id": 1}""");

        Assert.NotNull(mismatch);
        Assert.Contains("getJob 200", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_the_operation_does_not_document_is_a_mismatch()
    {
        string? mismatch = await ApiSchemas.Embedded.CheckResponseAsync("DELETE", $"/api/jobs/{Id}", 409, isJson: true, """{"error": {"code": "JOB_NOT_FOUND", "message": "m", "details": {}, "request_id": "r"}}""");

        Assert.NotNull(mismatch);
        Assert.Contains("409", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_body_missing_where_the_operation_documents_one_is_a_mismatch()
    {
        string? mismatch = await ApiSchemas.Embedded.CheckResponseAsync("GET", "/api/jobs/counts", 400, isJson: false, body: null);

        Assert.NotNull(mismatch);
    }

    [Fact]
    public async Task A_literal_route_is_matched_before_a_parameter_one()
    {
        string batch = """{"data": [{"job_id": "nope", "error": {"code": "INVALID_JOB_ID", "message": "Not a job id.", "details": {}}}]}""";

        Assert.Null(await ApiSchemas.Embedded.CheckResponseAsync("POST", "/api/jobs/status", 200, isJson: true, batch));
        Assert.Null(await ApiSchemas.Embedded.CheckResponseAsync("GET", "/api/jobs/counts", 200, isJson: true, """{"queued": 0, "processing": 0, "completed": 0, "failed": 0, "canceled": 0, "expired": 0}"""));
    }

    [Fact]
    public async Task A_path_that_is_no_documented_route_is_left_to_the_tests_of_unknown_routes()
    {
        string? mismatch = await ApiSchemas.Embedded.CheckResponseAsync("GET", "/api/nothing-here", 404, isJson: true, "{}");

        Assert.Null(mismatch);
    }
}
