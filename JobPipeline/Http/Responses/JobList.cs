namespace JobPipeline.Http.Responses;

/// <summary>One page of <c>GET /api/jobs</c>: newest first, <c>next</c> the continuation (null on the last page).</summary>
internal sealed record JobList(IReadOnlyList<JobResource> Data, string? Next);
