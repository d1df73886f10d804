using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobPipeline.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Http;

/// <summary>
/// The jobs page's files as HTTP sees them: the same embedded bytes with the same headers from every host
/// (FunctionsApp.Tests runs these on FunctionsApp), no key needed, a strict policy. The page itself is driven in a
/// browser by <see cref="JobsPageBrowserTests"/>.
/// </summary>
public partial class JobsPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    public static TheoryData<string, string, string> Files => new()
    {
        { "/api/ui", "index.html", "text/html" },
        { "/api/ui/jobs.js", "jobs.js", "text/javascript" },
        { "/api/ui/jobs.css", "jobs.css", "text/css" },
    };

    public static TheoryData<string> Paths => new() { "/api/ui", "/api/ui/jobs.js", "/api/ui/jobs.css" };

    /// <summary>The host under test: null for JobPipeline.Server; FunctionsApp.Tests runs these tests on FunctionsApp too.</summary>
    protected virtual PipelineHost? Host => null;

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared, host: Host, output: output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_file_is_served_without_a_key_as_the_embedded_bytes_with_the_strict_policy(string path, string resource, string mediaType)
    {
        HttpClient anonymous = _server.Client(key: null);

        HttpResponseMessage response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Embedded(resource), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal(JobsPage.ContentSecurityPolicy, Single(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("no-cache", Single(response, "Cache-Control"));
        Assert.NotNull(response.Headers.ETag);
        Assert.False(string.IsNullOrEmpty(Single(response, "x-request-id")));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_reload_with_the_ETag_is_answered_304_without_a_body(string path)
    {
        HttpClient anonymous = _server.Client(key: null);
        HttpResponseMessage first = await anonymous.GetAsync(path);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        HttpResponseMessage response = await anonymous.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal(JobsPage.ContentSecurityPolicy, Single(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Any_other_file_under_ui_is_404_NOT_FOUND_in_the_error_envelope()
    {
        HttpClient anonymous = _server.Client(key: null);

        HttpResponseMessage response = await anonymous.GetAsync("/api/ui/index.html");
        HttpResponseMessage traversal = await anonymous.GetAsync("/api/ui/..%2Fopenapi.json");

        foreach (HttpResponseMessage answer in new[] { response, traversal })
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("nosniff", Single(answer, "X-Content-Type-Options"));
            JsonObject error = (await answer.ReadJsonAsync())["error"]!.AsObject();
            Assert.Equal("NOT_FOUND", error["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_page_loads_nothing_but_its_own_script_and_style_sheet_and_has_no_inline_code()
    {
        string html = Encoding.UTF8.GetString(Embedded("index.html"));
        string script = Encoding.UTF8.GetString(Embedded("jobs.js"));

        string[] sources = [.. SourceAttribute().Matches(html).Select(m => m.Groups[2].Value).Order()];

        Assert.Equal(["/api/ui/jobs.css", "/api/ui/jobs.js", "data:,"], sources);
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.Matches("<script src=\"/api/ui/jobs.js\" defer></script>", html);
        Assert.DoesNotMatch(@"<style|\sstyle=|\son[a-z]+=|javascript:", html);
        Assert.DoesNotMatch(@"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|localStorage", script);
        Assert.DoesNotMatch(@"https?://", script);
    }

    private static byte[] Embedded(string name)
    {
        using Stream stream = typeof(JobsPage).Assembly.GetManifestResourceStream("JobPipeline.Http.Ui." + name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out IEnumerable<string>? values) || response.Content.Headers.TryGetValues(header, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"No {header} header.");

    [GeneratedRegex("""(src|href)="([^"]*)""")]
    private static partial Regex SourceAttribute();
}
