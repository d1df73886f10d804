using JobPipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsApp.Http;

/// <summary>
/// The jobs web page (<see cref="JobsPage"/>): static files embedded in JobPipeline, so this app serves the same bytes
/// and headers as JobPipeline.Server. No engine behind them, hence no <c>[DurableClient]</c>.
/// </summary>
public static class JobsPageFunctions
{
    /// <summary><c>GET /api/ui</c>.</summary>
    [Function(nameof(JobsPage))]
    public static Task<IResult> JobsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui")] HttpRequest request) =>
        JobPipeline.Http.JobsPage.PageAsync(request.HttpContext);

    /// <summary><c>GET /api/ui/{file}</c>.</summary>
    [Function(nameof(JobsPageFile))]
    public static Task<IResult> JobsPageFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{file}")] HttpRequest request,
        string file) =>
        JobPipeline.Http.JobsPage.AssetAsync(request.HttpContext, file);
}
