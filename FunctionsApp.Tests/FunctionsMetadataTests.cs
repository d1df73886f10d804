using System.Reflection;
using System.Text.RegularExpressions;
using FunctionsApp.Engine;
using FunctionsApp.Retention;
using FunctionsApp.Tests.Support;
using JobPipeline.Engine;
using JobPipeline.Http;
using JobPipeline.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;

namespace FunctionsApp.Tests;

/// <summary>What the Functions host will bind, read from the <c>functions.metadata</c> that the build generated.</summary>
public sealed partial class FunctionsMetadataTests
{
    [Fact]
    public void Every_route_of_the_api_is_declared_by_exactly_one_http_trigger()
    {
        string[] expected = [.. JobsApi.Routes.Select(r => $"{r.Method} {r.Route}").Order()];

        string[] declared = [.. FunctionsMetadata.HttpFunctions.SelectMany(f => f.Trigger.Methods.Select(m => $"{m} {WithoutConstraints(f.Trigger.Route!)}")).Order()];

        Assert.Equal(14, expected.Length);
        Assert.Equal(expected, declared);
    }

    [Fact]
    public void Every_http_trigger_is_anonymous_for_the_host_because_api_keys_are_checked_by_JobPipeline()
    {
        FunctionDeclaration[] http = [.. FunctionsMetadata.HttpFunctions];

        Assert.Equal(14, http.Length);
        Assert.All(http, f => Assert.Equal("Anonymous", f.Trigger.AuthLevel));
        Assert.All(http, f => Assert.False(f.Trigger.Route!.StartsWith("api/", StringComparison.Ordinal), f.Trigger.Route));
    }

    [Fact]
    public void Every_http_trigger_but_health_counts_openapi_and_the_jobs_page_binds_a_durable_client_for_the_engine()
    {
        string[] withClient = [.. FunctionsMetadata.HttpFunctions.Where(f => f.Bindings.Any(b => b.Type == "durableClient")).Select(f => f.Name)];

        string[] withoutClient = [.. FunctionsMetadata.HttpFunctions.Select(f => f.Name).Except(withClient).Order()];

        Assert.Equal(9, withClient.Length);
        Assert.Equal(["Health", "JobCounts", "JobsPage", "JobsPageFile", "OpenApi"], withoutClient);
    }

    [Fact]
    public void The_orchestrator_an_activity_for_every_workflow_step_the_fused_start_and_process_and_the_retention_timer_are_declared()
    {
        string[] steps = [.. typeof(JobStepNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order()];

        FunctionDeclaration orchestrator = Assert.Single(FunctionsMetadata.Functions, f => f.Trigger.Type == "orchestrationTrigger");
        string[] activities = [.. FunctionsMetadata.Functions.Where(f => f.Trigger.Type == "activityTrigger").Select(f => f.Name).Order()];
        FunctionDeclaration timer = Assert.Single(FunctionsMetadata.Functions, f => f.Trigger.Type == "timerTrigger" && f.Name == nameof(RetentionTimer));
        FunctionDeclaration webhooks = Assert.Single(FunctionsMetadata.Functions, f => f.Trigger.Type == "timerTrigger" && f.Name != nameof(RetentionTimer));

        Assert.Equal(nameof(JobOrchestrator), orchestrator.Name);
        Assert.Equal(typeof(JobOrchestrator).FullName + "." + nameof(JobOrchestrator.RunAsync), orchestrator.EntryPoint);
        Assert.Equal(3, steps.Length);
        Assert.Equal([.. steps.Append(JobStepActivities.StartAndProcess).Order()], activities);
        Assert.Equal(nameof(RetentionTimer), timer.Name);
        Assert.Contains(timer.Bindings, b => b.Type == "durableClient");
        Assert.Equal(typeof(FunctionsApp.Webhooks.WebhookTimer).FullName + "." + nameof(FunctionsApp.Webhooks.WebhookTimer.RunAsync), webhooks.EntryPoint);
        Assert.Equal(21, FunctionsMetadata.Functions.Count);
    }

    [Fact]
    public void Every_entry_point_is_a_method_of_FunctionsApp()
    {
        Assembly app = typeof(JobOrchestrator).Assembly;

        Assert.All(FunctionsMetadata.Functions, f =>
        {
            int dot = f.EntryPoint.LastIndexOf('.');
            Type? type = app.GetType(f.EntryPoint[..dot]);
            Assert.NotNull(type);
            Assert.NotNull(type.GetMethod(f.EntryPoint[(dot + 1)..]));
        });
    }

    [Fact]
    public void Function_names_are_unique_in_the_app()
    {
        string[] names = [.. FunctionsMetadata.Functions.Select(f => f.Name)];

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_document_route_does_not_take_the_batch_status_route_but_takes_every_job_type()
    {
        string route = FunctionsMetadata.HttpFunctions.Single(f => f.Trigger.Methods.Contains("POST") && WithoutConstraints(f.Trigger.Route!) == "jobs/{type}").Trigger.Route!;
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

    /// <summary>A route template without its parameters' constraints: <c>jobs/{type:regex(…)}</c> → <c>jobs/{type}</c>.</summary>
    private static string WithoutConstraints(string route) => Constraint().Replace(route, "{${name}}");

    [GeneratedRegex(@"\{(?<name>\w+):[^}]*\}")]
    private static partial Regex Constraint();
}
