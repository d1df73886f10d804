using System.Collections.Frozen;
using System.Security.Cryptography;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Http;

namespace JobPipeline.Http;

/// <summary>
/// The jobs web page (<c>GET /api/ui</c>, its script and style sheet at <c>GET /api/ui/{file}</c>): static files
/// embedded in this assembly, so every host serves the same bytes. The page uses only the public API, with the key
/// the person enters (kept in the tab's session storage, sent as <c>x-api-key</c>); loading the page needs no key.
/// The files are served with a strict Content-Security-Policy (no inline script or style, nothing from another origin)
/// and the API's own safety headers; see docs/jobs-page.md.
/// </summary>
public static class JobsPage
{
    /// <summary>
    /// The policy of every file of the page: scripts, styles and fetches from this origin only, no inline code, no
    /// plugins, no framing, no form posting anywhere (the key never leaves in a form), and Trusted Types required for
    /// script sinks (the page builds its markup with <c>textContent</c> only).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; require-trusted-types-for 'script'";

    private static readonly Lazy<FrozenDictionary<string, PageFile>> Files = new(() => new Dictionary<string, PageFile>(StringComparer.Ordinal)
    {
        ["index.html"] = Load("index.html", "text/html; charset=utf-8"),
        ["jobs.js"] = Load("jobs.js", "text/javascript; charset=utf-8"),
        ["jobs.css"] = Load("jobs.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary><c>GET /api/ui</c>: the page. No key needed (the page asks for one).</summary>
    public static Task<IResult> PageAsync(HttpContext context) => Task.FromResult(Serve(context, Files.Value["index.html"]));

    /// <summary><c>GET /api/ui/{file}</c>: the page's script (<c>jobs.js</c>) and style sheet (<c>jobs.css</c>); any other name is <c>404 NOT_FOUND</c>.</summary>
    public static Task<IResult> AssetAsync(HttpContext context, string file)
    {
        if (file is "index.html" || !Files.Value.TryGetValue(file, out PageFile? asset))
        {
            ApiEndpoint.SetSafetyHeaders(context.Response);
            return Task.FromResult(ErrorResponse.Create(404, new JobError("NOT_FOUND", "No such file of the jobs page."), ApiEndpoint.RequestId(context)));
        }

        return Task.FromResult(Serve(context, asset));
    }

    private static IResult Serve(HttpContext context, PageFile file)
    {
        IHeaderDictionary headers = context.Response.Headers;
        ApiEndpoint.SetSafetyHeaders(context.Response);
        ApiEndpoint.RequestId(context);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

        // Revalidated on every load (a new release is seen at once), answered 304 while unchanged.
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        bool unchanged = context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() is var t && (t == file.ETag || t == "*")));
        return unchanged ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(file.Bytes, file.ContentType);
    }

    private static PageFile Load(string name, string contentType)
    {
        using Stream stream = typeof(JobsPage).Assembly.GetManifestResourceStream("JobPipeline.Http.Ui." + name)
            ?? throw new InvalidOperationException($"The jobs page's {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        byte[] bytes = copy.ToArray();
        return new PageFile(bytes, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
    }

    private sealed record PageFile(byte[] Bytes, string ContentType, string ETag);
}
