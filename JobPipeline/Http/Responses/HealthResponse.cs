namespace JobPipeline.Http.Responses;

/// <summary><c>GET /api/health</c> when storage answers (the <c>Health</c> schema).</summary>
internal sealed record HealthResponse(string Status, string Storage, IReadOnlyList<string> JobTypes)
{
    public static HealthResponse Healthy(IReadOnlyList<string> jobTypes) => new("healthy", "ok", jobTypes);
}
