using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JobPipeline.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobPipeline.Tests.Http;

/// <summary>
/// The jobs page (<c>/api/ui</c>) in headless chromium against the real server on a real socket: what a person does
/// with it, with the page's strict Content-Security-Policy enforced (no violation may be reported) and the API key
/// never in a URL. One browser and one server for the class; each test has its own browser context.
/// </summary>
public sealed class JobsPageBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Csv = "name,email,phone\nJane Doe,jane@example.com,+1 415 555 0134\nJohn Roe,john.roe@example.org,+44 20 7946 0958\n";

    static JobsPageBrowserTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task A_tenant_signs_in_submits_a_CSV_by_drag_and_drop_watches_it_complete_downloads_it_and_deletes_it()
    {
        (IPage page, PageWatch watch) = await OpenAsync();
        await SignInAsync(page, PipelineFactory.KeyA);

        await DropFileAsync(page, "contacts.csv", "text/csv", Csv);
        await Expect(page.Locator("#submit-content-type")).ToHaveValueAsync("text/csv");
        await page.Locator("#submit-type").SelectOptionAsync("redact");
        await page.Locator("#submit-options").FillAsync("""{"mode": "mask"}""");
        await page.Locator("#submit-button").ClickAsync();
        await Expect(page.Locator("#submit-message")).ToContainTextAsync("Submitted redact job");
        await Expect(page.Locator("#detail-id")).ToHaveTextAsync(new Regex("^[0-9a-z]{26}$"));
        string id = await page.Locator("#detail-id").TextContentAsync() ?? "";
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("completed");
        await Expect(page.Locator($"#jobs-body tr[data-job-id='{id}']")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(page.Locator("#detail-findings")).ToContainTextAsync("EMAIL_ADDRESS");
        await ScreenshotAsync(page, "jobs-page-detail.png");
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#detail-download").ClickAsync());
        string downloaded = await File.ReadAllTextAsync((await download.PathAsync())!);
        await page.Locator("#detail-delete").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.Locator("#confirm-yes").ClickAsync();
        await Expect(page.Locator("#list-message")).ToHaveTextAsync($"Deleted job {id}.");
        HttpResponseMessage afterDelete = await site.Client(PipelineFactory.KeyA).GetAsync($"/api/jobs/{id}");

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.StartsWith("name,email,phone\n", downloaded, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", downloaded, StringComparison.Ordinal);
        Assert.DoesNotContain("john.roe@example.org", downloaded, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#jobs-body tr[data-job-id='{id}']").CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        watch.AssertClean(PipelineFactory.KeyA);
    }

    [Fact]
    public async Task A_second_tenant_sees_only_its_own_jobs()
    {
        HttpClient tenantA = site.Client(PipelineFactory.KeyA);
        HttpClient tenantB = site.Client(PipelineFactory.KeyB);
        string jobOfA = await tenantA.SubmitIdAsync("json.format", new { json = "{\"a\": 1}" });
        string jobOfB = await tenantB.SubmitIdAsync("json.format", new { json = "{\"b\": 2}" });
        await tenantA.WaitAsync(jobOfA);
        await tenantB.WaitAsync(jobOfB);
        (IPage page, PageWatch watch) = await OpenAsync();

        await SignInAsync(page, PipelineFactory.KeyB);
        await Expect(page.Locator($"#jobs-body tr[data-job-id='{jobOfB}']")).ToBeVisibleAsync();
        string[] shown = [.. await page.Locator("#jobs-body tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.jobId)")];

        Assert.Contains(jobOfB, shown);
        Assert.DoesNotContain(jobOfA, shown);
        watch.AssertClean(PipelineFactory.KeyB);
    }

    [Fact]
    public async Task A_wrong_key_shows_an_error_and_is_neither_kept_nor_put_in_a_URL()
    {
        (IPage page, PageWatch watch) = await OpenAsync();
        const string wrong = "not-a-key-of-anyone";

        await page.Locator("#api-key").FillAsync(wrong);
        await page.Locator("#sign-in-button").ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("That API key was not accepted.");
        string? kept = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('jobpipeline.apiKey')");

        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        Assert.Null(kept);
        Assert.DoesNotContain(wrong, page.Url, StringComparison.Ordinal);
        watch.AssertClean(wrong);
    }

    [Fact]
    public async Task The_list_filters_by_status_pages_newest_first_and_cancels_a_running_job_after_confirmation()
    {
        // A tenant of this test alone: eleven quick jobs, one that fails, one that runs for a minute.
        HttpClient client = site.Client(BrowserSite.KeyC);
        var ids = new List<string>();
        for (int n = 0; n < 11; n++)
        {
            ids.Add(await client.SubmitIdAsync(n % 2 == 0 ? "json.format" : "redact", n % 2 == 0 ? new { json = $"{{\"n\": {n}}}" } : new { text = $"Mail jane{n}@example.com" }));
        }

        string failed = await client.SubmitIdAsync("json.format", new { json = "{\"broken\": " });
        string running = await client.SubmitIdAsync("test.sleep", new { ms = 60_000 });
        foreach (string id in ids.Append(failed))
        {
            await client.WaitAsync(id);
        }

        (IPage page, PageWatch watch) = await OpenAsync();
        await SignInAsync(page, BrowserSite.KeyC);
        await page.Locator("#filter-limit").SelectOptionAsync("10");
        await Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("#jobs-body tr").First).ToHaveAttributeAsync("data-job-id", running);
        await Expect(page.Locator($"#jobs-body tr[data-job-id='{running}']")).ToHaveAttributeAsync("data-status", "processing");
        await ScreenshotAsync(page, "jobs-page-list.png");
        string[] firstPage = await RowIdsAsync(page);
        await page.Locator("#page-next").ClickAsync();
        await Expect(page.Locator("#page-number")).ToHaveTextAsync("Page 2");
        await Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(3);
        string[] secondPage = await RowIdsAsync(page);
        await page.Locator("#filter-status").SelectOptionAsync("failed");
        await Expect(page.Locator("#page-number")).ToHaveTextAsync("Page 1");
        await Expect(page.Locator("#jobs-body tr")).ToHaveCountAsync(1);
        string[] failedOnly = await RowIdsAsync(page);
        await page.Locator($"#jobs-body tr[data-job-id='{failed}'] button").ClickAsync();
        await Expect(page.Locator("#detail-error")).ToContainTextAsync("INVALID_JSON");
        await page.Locator("#filter-status").SelectOptionAsync("processing");
        await page.Locator($"#jobs-body tr[data-job-id='{running}'] button").ClickAsync();
        await page.Locator("#detail-cancel").ClickAsync();
        await page.Locator("#confirm-no").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        JsonObject kept = await (await client.GetAsync($"/api/jobs/{running}")).ReadJsonAsync();
        await page.Locator("#detail-cancel").ClickAsync();
        await page.Locator("#confirm-yes").ClickAsync();
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("canceled");
        JsonObject canceled = await (await client.GetAsync($"/api/jobs/{running}")).ReadJsonAsync();

        string[] newestFirst = [.. ids.Append(failed).Append(running).Reverse()];
        Assert.Equal(newestFirst[..10], firstPage);
        Assert.Equal(newestFirst[10..], secondPage);
        Assert.Equal([failed], failedOnly);
        Assert.Equal("processing", kept["status"]!.GetValue<string>());
        Assert.Equal("canceled", canceled["status"]!.GetValue<string>());
        watch.AssertClean(BrowserSite.KeyC);
    }

    private async Task<(IPage Page, PageWatch Watch)> OpenAsync()
    {
        IPage page = await site.NewPageAsync();
        var watch = new PageWatch(page, site.BaseAddress);
        IResponse? response = await page.GotoAsync("/api/ui");
        Assert.Equal(200, response!.Status);
        return (page, watch);
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.Locator("#api-key").FillAsync(key);
        await page.Locator("#sign-in-button").ClickAsync();
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        Assert.Equal(key, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('jobpipeline.apiKey')"));
    }

    /// <summary>Drops a file on the drop zone as a person dragging it from their desktop would (a real DataTransfer).</summary>
    private static async Task DropFileAsync(IPage page, string name, string type, string content)
    {
        IJSHandle transfer = await page.EvaluateHandleAsync(
            "([name, type, content]) => { const t = new DataTransfer(); t.items.add(new File([content], name, { type })); return t; }",
            new[] { name, type, content });
        await page.Locator("#drop-zone").DispatchEventAsync("dragover", new { dataTransfer = transfer });
        await page.Locator("#drop-zone").DispatchEventAsync("drop", new { dataTransfer = transfer });
        await Expect(page.Locator("#drop-file")).ToContainTextAsync(name);
    }

    private static async Task<string[]> RowIdsAsync(IPage page) =>
        await page.Locator("#jobs-body tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.jobId)");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (BrowserSite.ScreenshotFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }
    }

    /// <summary>What the page did that it must not: a policy violation, a script error, a request off its origin, a key in a URL.</summary>
    private sealed class PageWatch
    {
        private readonly List<string> _problems = [];
        private readonly List<string> _urls = [];
        private readonly string _origin;

        public PageWatch(IPage page, Uri baseAddress)
        {
            _origin = baseAddress.GetLeftPart(UriPartial.Authority);
            page.Console += (_, message) =>
            {
                // An error answer the page handles (the wrong key's 401) is logged by chromium too; anything else, a
                // policy violation above all ("Refused to …"), is a defect.
                if (message.Type is "error" or "warning" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal))
                {
                    lock (_problems)
                    {
                        _problems.Add($"console {message.Type}: {message.Text}");
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (_problems)
                {
                    _problems.Add($"page error: {error}");
                }
            };
            page.Request += (_, request) =>
            {
                lock (_urls)
                {
                    _urls.Add(request.Url);
                }
            };
        }

        public void AssertClean(string key)
        {
            lock (_problems)
            {
                Assert.True(_problems.Count == 0, string.Join('\n', _problems));
            }

            lock (_urls)
            {
                Assert.NotEmpty(_urls);
                Assert.All(_urls, url => Assert.DoesNotContain(key, Uri.UnescapeDataString(url), StringComparison.Ordinal));
                Assert.All(_urls.Where(url => !url.StartsWith("blob:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)),
                    url => Assert.StartsWith(_origin + "/api/", url, StringComparison.Ordinal));
            }
        }
    }
}
