using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http.Requests;

/// <summary><c>GET /api/jobs/counts?type=&amp;by=type</c>.</summary>
/// <param name="Type">Only jobs of this type, or all.</param>
/// <param name="ByType">Whether the counts of each type are added.</param>
internal sealed record CountsRequest(string? Type, bool ByType)
{
    public static CountsRequest Parse(ApiCall call, Processing.JobProcessorCatalog processors)
    {
        IQueryCollection query = call.Request.Query;
        QueryValues.OnlyOnce(query, "type", "by");
        string? type = QueryValues.KnownType(query, processors);
        string? by = query["by"].FirstOrDefault();
        return by is null or "type"
            ? new CountsRequest(type, by is not null)
            : throw ApiException.Invalid("by", "by is 'type' (counts per job type as well) or absent.");
    }
}
