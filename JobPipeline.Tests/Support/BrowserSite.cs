using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JobPipeline.Tests.Support;

/// <summary>
/// The real <c>JobPipeline.Server</c> (<see cref="PipelineFactory"/>) on Kestrel on a free loopback port, and one
/// headless Debian chromium driven by Microsoft.Playwright, shared by a test class. The chromium is the system's
/// (<c>/usr/bin/chromium</c>, which test.sh installs): Playwright's own browser download is never used. Each test
/// opens its own browser context (a fresh profile: own session storage, no shared state).
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    /// <summary>Where Debian installs chromium; <c>JOBPIPELINE_CHROMIUM</c> overrides it.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("JOBPIPELINE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    // Without the background-networking flags chromium keeps trying to reach Google's hosts from a closed network.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    /// <summary>A third tenant's key, for tests that count every job of their tenant.</summary>
    public const string KeyC = "test-key-tenant-c";

    private IPlaywright? _playwright;

    public PipelineFactory Server { get; private set; } = null!;

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:43127</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The folder to write screenshots to (<c>JOBS_PAGE_SCREENSHOTS</c>, used to refresh docs/images), or null.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("JOBS_PAGE_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium (.ci/install-chromium.sh).");
        }

        Server = new PipelineFactory(await Azurite.Shared, new Dictionary<string, string?>
        {
            ["JobPipeline:ApiKeys:2:Tenant"] = "tenant-c",
            ["JobPipeline:ApiKeys:2:KeySha256"] = PipelineFactory.Sha256(KeyC),
        });
        Server.UseKestrel(0);
        Server.StartServer();
        string address = Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 120_000,
        });
    }

    /// <summary>An HTTP client of the server's socket that sends <paramref name="key"/> as <c>x-api-key</c>.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    /// <summary>A new context (fresh profile) and page, with generous timeouts for a loaded machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.AbsoluteUri,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
