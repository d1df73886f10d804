using System.Globalization;
using JobPipeline.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(ServerAllocations))]

namespace JobPipeline.Bench;

/// <summary>
/// <c>GET /bench/allocated</c> in the real server process (the bench's hosting startup): the bytes the server has
/// allocated since it started (<see cref="GC.GetTotalAllocatedBytes"/>). Read before and after a load run, divided by
/// the requests sent, it gives the bytes allocated per request: unlike CPU time, a figure that the machine's load does
/// not move. A build without this endpoint (an older <c>--before</c> build) answers 404, and the bench prints no figure.
/// </summary>
public sealed class ServerAllocations : IHostingStartup
{
    /// <inheritdoc />
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, Endpoint>());

    /// <summary>The server's allocated bytes, or null when it does not offer the endpoint.</summary>
    public static async Task<long?> ReadAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync(new Uri("/bench/allocated", UriKind.Relative));
        return response.IsSuccessStatusCode ? long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture) : null;
    }

    private sealed class Endpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/allocated", allocated => allocated.Run(context =>
                context.Response.WriteAsync(GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture))));
            next(app);
        };
    }
}
