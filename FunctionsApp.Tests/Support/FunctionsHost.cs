using System.Reflection;
using System.Text.Json.Nodes;
using FunctionsApp.Http;
using FunctionsApp.Telemetry;
using JobPipeline.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// FunctionsApp served over HTTP as the Functions host serves it, for <see cref="PipelineFactory"/> (so that the same
/// HttpClient-based contract tests run against it and against <c>JobPipeline.Server</c>):
/// <list type="bullet">
/// <item>every HTTP-triggered function of the generated <c>functions.metadata</c> is a route <c>{routePrefix}/{route}</c>
/// (host.json's prefix, the route's constraints kept) restricted to its methods, tried in the order of the metadata
/// as the host's route table is, first match wins; a request no function matches gets the host's empty 404;</item>
/// <item>a match invokes the function's entry point, found by reflection from the metadata, binding the
/// <c>httpTrigger</c> parameter to the request, the <c>durableClient</c> parameter to the app's
/// <see cref="DurableTaskClient"/> and any other parameter to the route value of its name, and executes the
/// <see cref="IResult"/> it returns on the request's context, as the ASP.NET Core integration does;</item>
/// <item>the app's services are FunctionsApp's own registration (<see cref="FunctionsAppServiceCollectionExtensions.AddFunctionsApp"/>
/// and <see cref="FunctionsAppTelemetryServiceCollectionExtensions.AddFunctionsAppTelemetry"/>, as Program.cs) over the factory's settings, plus a Durable Task worker running FunctionsApp's orchestrator and
/// activities (<see cref="FunctionsAppTasks"/>) and a client, both connected to Durable Functions' Azure Storage engine
/// on the tests' Azurite through a <see cref="DurableSidecar"/> with a task hub of its own and the test polling settings
/// (<see cref="DurableStorageHost.TestSettings"/>).</item>
/// </list>
/// With <c>JobPipeline:Worker:Enabled</c> false (the tests' idle server) no Durable worker runs: orchestrations stay
/// pending, as queue messages stay in the server's queue.
/// </summary>
public sealed class FunctionsHost : PipelineHost
{
    /// <summary>The one instance (it holds no state; each app's state is in its own services).</summary>
    public static FunctionsHost Instance { get; } = new();

    private FunctionsHost()
    {
    }

    /// <inheritdoc />
    public override string Name => "FunctionsApp";

    /// <summary>The route prefix of the host.json that FunctionsApp ships (copied beside the tests).</summary>
    public static string RoutePrefix { get; } = ReadRoutePrefix();

    /// <inheritdoc />
    public override IHostBuilder CreateHostBuilder() => new HostBuilder();

    /// <inheritdoc />
    public override void ConfigureWebHost(IWebHostBuilder builder, IReadOnlyDictionary<string, string?> settings)
    {
        string connectionString = settings["JobPipeline:Storage:ConnectionString"]!;
        bool worker = !string.Equals(settings.GetValueOrDefault("JobPipeline:Worker:Enabled"), "false", StringComparison.OrdinalIgnoreCase);
        builder.ConfigureServices(services =>
        {
            // The Functions host's Durable backend first, so that it runs before the worker and client connect.
            var sidecar = new DurableSidecar(DurableStorageHost.TestSettings(connectionString, Azurite.UniqueName("hub")), worker);
            services.AddHostedService(_ => sidecar);

            services.AddRouting();
            services.AddFunctionsApp();
            services.AddFunctionsAppTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            services.AddDurableTaskClient(client =>
            {
                client.UseGrpc(sidecar.Channel);
                client.RegisterDirectly();
            });
            if (worker)
            {
                services.AddDurableTaskWorker(durable =>
                {
                    durable.UseGrpc(sidecar.Channel);
                    durable.AddTasks(FunctionsAppTasks.Register);
                });

                // As the Functions host, serve requests once the engine runs (and so never stop it mid-start).
                services.AddHostedService(_ => new EngineStart(sidecar));
            }
        });
        builder.Configure(app =>
        {
            IInlineConstraintResolver resolver = app.ApplicationServices.GetRequiredService<IInlineConstraintResolver>();
            var routes = new RouteCollection();
            foreach (FunctionDeclaration function in FunctionsMetadata.HttpFunctions)
            {
                routes.Add(new Route(
                    new RouteHandler(Invoker(function)),
                    function.Name,
                    $"{RoutePrefix}/{function.Trigger.Route}",
                    defaults: null,
                    constraints: new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint([.. function.Trigger.Methods]) },
                    dataTokens: null,
                    resolver));
            }

            app.UseRouter(routes);

            // No function matched: the host answers itself, with an empty 404, and the worker never sees the request.
            app.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    /// <inheritdoc />
    public override async Task<int> CountEngineWorkAsync(PipelineFactory factory)
    {
        // Orchestrations that have not ended: each is a job the engine will still run (or finish stopping).
        DurableTaskClient client = factory.Services.GetRequiredService<DurableTaskClient>();
        int count = 0;
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
        };
        await foreach (OrchestrationMetadata _ in client.GetAllInstancesAsync(query))
        {
            count++;
        }

        return count;
    }

    /// <summary>The request delegate of one function: binds its parameters, invokes it, executes its result.</summary>
    private static RequestDelegate Invoker(FunctionDeclaration function)
    {
        int dot = function.EntryPoint.LastIndexOf('.');
        Type type = typeof(JobsFunctions).Assembly.GetType(function.EntryPoint[..dot], throwOnError: true)!;
        MethodInfo method = type.GetMethod(function.EntryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{function.Name}: no method {function.EntryPoint}");
        ParameterInfo[] parameters = method.GetParameters();
        return async context =>
        {
            object?[] arguments = [.. parameters.Select(parameter => Bind(function, parameter, context))];
            object? instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, type);
            IResult result = await (Task<IResult>)method.Invoke(instance, arguments)!;
            await result.ExecuteAsync(context);
        };
    }

    private static object? Bind(FunctionDeclaration function, ParameterInfo parameter, HttpContext context)
    {
        BindingDeclaration? binding = function.Bindings.FirstOrDefault(b => b.Name == parameter.Name);
        return binding?.Type switch
        {
            "httpTrigger" when parameter.ParameterType == typeof(HttpRequest) => context.Request,
            "durableClient" when parameter.ParameterType == typeof(DurableTaskClient) => context.RequestServices.GetRequiredService<DurableTaskClient>(),

            // The host passes route values as trigger data, which the worker binds to parameters by name.
            null when parameter.ParameterType == typeof(string) && context.GetRouteValue(parameter.Name!) is string value => value,
            _ => throw new InvalidOperationException($"{function.Name}: cannot bind parameter {parameter.Name} ({parameter.ParameterType})"),
        };
    }

    /// <summary>Waits, at the app's start and after the worker's, until the worker has connected and the backend runs.</summary>
    private sealed class EngineStart(DurableSidecar sidecar) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => sidecar.WaitUntilStartedAsync(TimeSpan.FromSeconds(60));

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static string ReadRoutePrefix()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        return hostJson?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }
}
