using System.Net;
using System.Text.Json.Nodes;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.Http;

/// <summary>Credentials, the headers every response carries, and the URLs the API hands out, as a client sees them.</summary>
public sealed class HeaderTests : IAsyncLifetime
{
    private static readonly string UnknownId = JobPipeline.Jobs.JobId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private PipelineFactory _server = null!;

    public async Task InitializeAsync() => _server = new PipelineFactory(await Azurite.Shared);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string[], string[]> TwoCredentials => new()
    {
        { "x-api-key and a bearer token of another tenant", [PipelineFactory.KeyA], [$"Bearer {PipelineFactory.KeyB}"] },
        { "x-api-key and the same key as bearer token", [PipelineFactory.KeyA], [$"Bearer {PipelineFactory.KeyA}"] },
        { "x-api-key and an unknown bearer token", [PipelineFactory.KeyA], ["Bearer nope"] },
        { "x-api-key and another Authorization scheme", [PipelineFactory.KeyA], ["Basic dGVzdDp0ZXN0"] },
        { "two x-api-key headers of two tenants", [PipelineFactory.KeyA, PipelineFactory.KeyB], [] },
        { "two x-api-key headers of the same key", [PipelineFactory.KeyA, PipelineFactory.KeyA], [] },
        { "two keys joined by a comma", [$"{PipelineFactory.KeyA}, {PipelineFactory.KeyB}"], [] },
        { "the same key twice joined by a comma", [$"{PipelineFactory.KeyA},{PipelineFactory.KeyA}"], [] },
        { "two bearer tokens", [], [$"Bearer {PipelineFactory.KeyA}", $"Bearer {PipelineFactory.KeyB}"] },
    };

    [Theory]
    [MemberData(nameof(TwoCredentials))]
    public async Task A_request_with_more_than_one_credential_is_refused_with_401(string name, string[] apiKeys, string[] authorizations)
    {
        HttpClient client = _server.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        foreach (string key in apiKeys)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
        }

        foreach (string authorization in authorizations)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
        JsonObject body = await response.ReadJsonAsync();
        Assert.Equal("UNAUTHORIZED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    public static TheoryData<string, string, string?, bool> EveryKindOfAnswer => new()
    {
        { "GET", "/api/health", null, false },
        { "GET", "/api/openapi.json", PipelineFactory.KeyA, true },
        { "GET", "/api/jobs", PipelineFactory.KeyA, true },
        { "GET", "/api/jobs", null, true },
        { "GET", $"/api/jobs/{UnknownId}", PipelineFactory.KeyA, true },
        { "GET", "/api/jobs/not-an-id", PipelineFactory.KeyA, true },
        { "GET", $"/api/operations/{UnknownId}", PipelineFactory.KeyA, true },
        { "POST", "/api/jobs/status", PipelineFactory.KeyA, true },
        { "DELETE", $"/api/jobs/{UnknownId}", PipelineFactory.KeyA, true },
        { "GET", "/api/no-such-route", PipelineFactory.KeyA, false },
        { "GET", "/favicon.ico", null, false },
        { "PUT", "/api/jobs", PipelineFactory.KeyA, false },
    };

    [Theory]
    [MemberData(nameof(EveryKindOfAnswer))]
    public async Task Every_response_carries_nosniff_and_every_keyed_route_no_store(string method, string path, string? key, bool keyedRoute)
    {
        HttpClient client = _server.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent($$"""{"job_ids": ["{{UnknownId}}"]}""", System.Text.Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        if (keyedRoute)
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_job_its_result_its_304_and_its_submit_answer_are_never_stored_by_a_cache()
    {
        HttpClient client = _server.Client();
        HttpResponseMessage submitted = await client.SubmitAsync("test.echo", new { text = "private" });
        string id = (await submitted.ReadJsonAsync())["job_id"]!.GetValue<string>();
        await client.WaitAsync(id);

        HttpResponseMessage job = await client.GetAsync($"/api/jobs/{id}");
        HttpResponseMessage result = await client.GetAsync($"/api/jobs/{id}/result");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", job.Headers.ETag!.ToString());
        HttpResponseMessage notModified = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.All([submitted, job, result, notModified], r =>
        {
            Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        });
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8443")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task Without_a_public_base_URL_an_untrusted_Host_gets_URLs_relative_to_the_request(string host)
    {
        HttpClient client = _server.Client();
        client.DefaultRequestHeaders.Host = host;

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "hi" });
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        await client.WaitAsync(id);
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/operations/{id}", response.Headers.GetValues("Operation-Location").Single());
        Assert.Equal($"/api/jobs/{id}", operation["resourceLocation"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("localhost", "http://localhost")]
    [InlineData("127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("[::1]:7071", "http://[::1]:7071")]
    [InlineData("jobs.example.com", "http://jobs.example.com")]
    [InlineData("eu.api.example.net:8080", "http://eu.api.example.net:8080")]
    public async Task A_trusted_Host_gets_absolute_URLs(string host, string expectedBase)
    {
        await using var server = new PipelineFactory(_server.Azurite, new Dictionary<string, string?>
        {
            ["JobPipeline:PublicHosts:0"] = "jobs.example.com",
            ["JobPipeline:PublicHosts:1"] = "*.api.example.net",
        });
        HttpClient client = server.Client();
        client.DefaultRequestHeaders.Host = host;

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "hi" });

        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        Assert.Equal($"{expectedBase}/api/operations/{id}", response.Headers.GetValues("Operation-Location").Single());
    }

    [Theory]
    [InlineData("https://jobs.example.com", "https://jobs.example.com")]
    [InlineData("https://jobs.example.com/", "https://jobs.example.com")]
    [InlineData("https://gateway.example.com/pipeline/", "https://gateway.example.com/pipeline")]
    public async Task A_public_base_URL_builds_every_absolute_URL_whatever_the_Host(string publicBaseUrl, string expectedBase)
    {
        await using var server = new PipelineFactory(_server.Azurite, new Dictionary<string, string?> { ["JobPipeline:PublicBaseUrl"] = publicBaseUrl });
        HttpClient client = server.Client();
        client.DefaultRequestHeaders.Host = "evil.example";

        HttpResponseMessage response = await client.SubmitAsync("test.echo", new { text = "hi" });
        string id = (await response.ReadJsonAsync())["job_id"]!.GetValue<string>();
        await client.WaitAsync(id);
        JsonObject operation = await (await client.GetAsync($"/api/operations/{id}")).ReadJsonAsync();

        Assert.Equal($"{expectedBase}/api/operations/{id}", response.Headers.GetValues("Operation-Location").Single());
        Assert.Equal($"{expectedBase}/api/jobs/{id}", operation["resourceLocation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failed_authentications_are_throttled_per_client_address_even_for_a_valid_key_then()
    {
        await using var server = new PipelineFactory(
            _server.Azurite,
            new Dictionary<string, string?>
            {
                ["JobPipeline:RateLimit:FailedAuthenticationBurst"] = "3",
                ["JobPipeline:RateLimit:FailedAuthenticationsPerMinute"] = "1",
            },
            services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        HttpClient attacker = server.Client(key: "guess");
        attacker.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "203.0.113.7");
        HttpClient attackerWithKey = server.Client();
        attackerWithKey.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "203.0.113.7");
        HttpClient neighbour = server.Client();
        neighbour.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "198.51.100.9");
        HttpClient sameIpv6Prefix = server.Client(key: "guess");
        sameIpv6Prefix.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "2001:db8:1:2::1");
        HttpClient sameIpv6Prefix2 = server.Client(key: "guess");
        sameIpv6Prefix2.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "2001:db8:1:2:ffff::2");

        HttpStatusCode[] firstThree = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => (await attacker.GetAsync("/api/jobs")).StatusCode))];
        HttpResponseMessage fourth = await attacker.GetAsync("/api/jobs");
        HttpResponseMessage validKeyFromThere = await attackerWithKey.GetAsync("/api/jobs");
        HttpResponseMessage validKeyElsewhere = await neighbour.GetAsync("/api/jobs");
        HttpResponseMessage healthFromThere = await attacker.GetAsync("/api/health");
        HttpStatusCode[] ipv6 = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => (await sameIpv6Prefix.GetAsync("/api/jobs")).StatusCode))];
        HttpResponseMessage ipv6Fourth = await sameIpv6Prefix2.GetAsync("/api/jobs");

        Assert.All(firstThree, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.True(fourth.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("RATE_LIMITED", (await fourth.ReadJsonAsync())["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, validKeyFromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validKeyElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthFromThere.StatusCode);
        Assert.All(ipv6, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, ipv6Fourth.StatusCode);
    }

    [Fact]
    public async Task Behind_a_local_proxy_the_last_forwarded_address_is_the_client_and_a_remote_client_cannot_forge_one()
    {
        await using var server = new PipelineFactory(
            _server.Azurite,
            new Dictionary<string, string?> { ["JobPipeline:RateLimit:FailedAuthenticationBurst"] = "2", ["JobPipeline:RateLimit:FailedAuthenticationsPerMinute"] = "1" },
            services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        HttpClient Client(string peer, string? forwardedFor, string key = "guess")
        {
            HttpClient client = server.Client(key);
            client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, peer);
            if (forwardedFor is not null)
            {
                client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            }

            return client;
        }

        HttpClient proxied = Client("127.0.0.1", "192.0.2.1, 203.0.113.8");
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await proxied.GetAsync("/api/jobs")).StatusCode);
        }

        HttpStatusCode sameClient = (await Client("127.0.0.1", "203.0.113.8").GetAsync("/api/jobs")).StatusCode;
        HttpStatusCode otherClientSameProxy = (await Client("127.0.0.1", "203.0.113.8, 198.51.100.20", PipelineFactory.KeyA).GetAsync("/api/jobs")).StatusCode;
        HttpClient forger = Client("198.51.100.77", "203.0.113.99");
        HttpStatusCode[] forged = [.. await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ => (await forger.GetAsync("/api/jobs")).StatusCode))];
        HttpStatusCode forgedAgain = (await Client("198.51.100.77", "203.0.113.100").GetAsync("/api/jobs")).StatusCode;

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient);
        Assert.Equal(HttpStatusCode.OK, otherClientSameProxy);
        Assert.All(forged, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, forgedAgain);
    }

    /// <summary>TestServer has no socket: the test names the client's address in a header, as a trusted proxy would.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public const string Header = "x-test-client-address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out IPAddress? address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return following(context);
            });
            next(app);
        };
    }
}
