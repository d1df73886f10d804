namespace JobPipeline.Http.Responses;

/// <summary><c>POST /api/jobs/status</c>: per asked id in request order, its <see cref="JobResource"/> or a <see cref="BatchStatusMiss"/>.</summary>
internal sealed record BatchStatusResponse(IReadOnlyList<object> Data);
