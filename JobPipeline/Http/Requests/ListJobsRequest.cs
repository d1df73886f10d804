using System.Globalization;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http.Requests;

/// <summary><c>GET /api/jobs?status=&amp;type=&amp;limit=&amp;continuation=</c>.</summary>
/// <param name="Status">Only jobs of this status, or all.</param>
/// <param name="Type">Only jobs of this type, or all.</param>
/// <param name="Limit">At most this many jobs (1..100, 50 by default).</param>
/// <param name="TableToken">Where the page starts: the storage continuation inside the client's token, or null for the first page.</param>
internal sealed record ListJobsRequest(JobStatus? Status, string? Type, int Limit, string? TableToken)
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static ListJobsRequest Parse(ApiCall call, JobsApiServices services)
    {
        IQueryCollection query = call.Request.Query;
        QueryValues.OnlyOnce(query, "status", "type", "limit", "continuation");
        JobStatus? status = null;
        if (query["status"].FirstOrDefault() is { } statusText)
        {
            status = JobStatusRules.TryParseWire(statusText, out JobStatus parsed)
                ? parsed
                : throw ApiException.Invalid("status", "status is one of queued, processing, completed, failed, canceled, expired.");
        }

        string? type = QueryValues.KnownType(query, services.Processors);
        int limit = DefaultLimit;
        if (query["limit"].FirstOrDefault() is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            throw ApiException.Invalid("limit", "limit is a whole number from 1 to 100.");
        }

        string? tableToken = services.Continuation.Decode(query["continuation"].FirstOrDefault(), call.Tenant, status, type);
        return new ListJobsRequest(status, type, limit, tableToken);
    }
}
