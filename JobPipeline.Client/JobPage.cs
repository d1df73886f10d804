namespace JobPipeline.Client;

/// <summary>One page of <c>GET /api/jobs</c>.</summary>
internal sealed record JobPage(IReadOnlyList<Job> Data, string? Next);
