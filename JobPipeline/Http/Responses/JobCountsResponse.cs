using System.Text.Json.Serialization;

namespace JobPipeline.Http.Responses;

/// <summary><c>GET /api/jobs/counts</c>: the tenant's jobs per status; with <c>by=type</c> also per job type (the <c>JobCounts</c> schema).</summary>
internal sealed record JobCountsResponse(
    long Queued,
    long Processing,
    long Completed,
    long Failed,
    long Canceled,
    long Expired,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, StatusCounts>? ByType)
{
    public static JobCountsResponse Of(StatusCounts total, IReadOnlyDictionary<string, StatusCounts>? byType) =>
        new(total.Queued, total.Processing, total.Completed, total.Failed, total.Canceled, total.Expired, byType);
}
