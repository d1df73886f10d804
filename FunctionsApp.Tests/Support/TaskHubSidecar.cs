using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsApp.Tests.Support;

/// <summary>
/// The Functions host's side of Durable Functions, as <see cref="DurableSidecar"/> and <see cref="DurableStorageHost"/>
/// run it: the InProcessTestHost package's public gRPC sidecar, <see cref="TaskHubGrpcServer"/>, over an
/// <see cref="AzureStorageOrchestrationService"/>, in a Kestrel on a loopback port speaking HTTP/2 without TLS.
/// </summary>
public static class TaskHubSidecar
{
    /// <summary>
    /// The sidecar app for <paramref name="service"/>, built but not started, to listen on <paramref name="port"/>
    /// (0: a free port the server picks); <paramref name="mode"/>, when given, sets whether it also runs the backend's
    /// dispatchers.
    /// </summary>
    public static WebApplication Build(AzureStorageOrchestrationService service, int port, TaskHubGrpcServerMode? mode = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        if (mode is { } serverMode)
        {
            builder.Services.Configure<TaskHubGrpcServerOptions>(options => options.Mode = serverMode);
        }

        WebApplication sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        return sidecar;
    }
}
