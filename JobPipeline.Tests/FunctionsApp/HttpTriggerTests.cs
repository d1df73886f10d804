using System.Text.RegularExpressions;
using JobPipeline.Http;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace JobPipeline.Tests.FunctionsApp;

public sealed class HttpTriggerTests
{
    [Fact]
    public void Every_route_of_the_api_is_declared_by_exactly_one_http_trigger()
    {
        string[] expected = [.. JobsApi.Routes.Select(r => $"{r.Method} {r.Route}").Order()];

        string[] declared = [.. FunctionsAppSource.HttpTriggers().Select(t => $"{t.Method} {FunctionsAppSource.WithoutConstraints(t.Route)}").Order()];

        Assert.Equal(expected, declared);
    }

    [Fact]
    public void Every_http_trigger_is_anonymous_for_the_host_because_api_keys_are_checked_by_JobPipeline()
    {
        IReadOnlyList<(string Level, string Method, string Route)> triggers = FunctionsAppSource.HttpTriggers();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, t => Assert.Equal("Anonymous", t.Level));
        Assert.All(triggers, t => Assert.False(t.Route.StartsWith("api/", StringComparison.Ordinal), t.Route));
    }

    [Fact]
    public void The_document_route_does_not_take_the_batch_status_route_but_takes_every_job_type()
    {
        string route = FunctionsAppSource.HttpTriggers().Single(t => t.Method == "POST" && FunctionsAppSource.WithoutConstraints(t.Route) == "jobs/{type}").Route;
        RoutePattern pattern = RoutePatternFactory.Parse("api/" + route);
        RoutePatternParameterPolicyReference policy = Assert.Single(pattern.GetParameter("type")!.ParameterPolicies);
        Match regex = Regex.Match(policy.Content!, @"^regex\((?<pattern>.*)\)$");
        Assert.True(regex.Success, policy.Content);
        var constraint = new RegexRouteConstraint(regex.Groups["pattern"].Value);

        bool Matches(string type) => constraint.Match(null, null, "type", new RouteValueDictionary { ["type"] = type }, RouteDirection.IncomingRequest);

        Assert.False(Matches("status"));
        Assert.False(Matches("STATUS"));
        Assert.All(["redact", "mask", "unmask", "json.format", "test.echo", "statuses", "x-status"], type => Assert.True(Matches(type), type));
    }

    [Fact]
    public async Task The_server_maps_exactly_the_routes_of_the_api()
    {
        await using var server = new PipelineFactory(await Azurite.Shared);
        _ = server.Server;
        string[] expected = [.. JobsApi.Routes.Select(r => $"{r.Method} /api/{r.Route}").Order()];

        string[] mapped =
        [
            .. server.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
                .Order(),
        ];

        Assert.Equal(expected, mapped);
    }

    [Fact]
    public void Function_names_are_unique_in_the_app()
    {
        IReadOnlyList<string> names = FunctionsAppSource.FunctionNames();

        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
