using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace JobPipeline.Tests.Support;

/// <summary>
/// A host other than <c>JobPipeline.Server</c> that serves the API in the end-to-end tests (FunctionsApp under an
/// emulation of the Functions host, in FunctionsApp.Tests). A <see cref="PipelineFactory"/> given one builds that host
/// instead of the server's Program, with the same settings, test job types and service overrides, behind the same
/// TestServer, so that the same HTTP tests run against both hosts.
/// </summary>
public abstract class PipelineHost
{
    /// <summary>The host's name, for test output.</summary>
    public abstract string Name { get; }

    /// <summary>A new builder of the host; the factory adds the web host's configuration and its TestServer.</summary>
    public abstract IHostBuilder CreateHostBuilder();

    /// <summary>
    /// Adds the host's services and request pipeline. Runs before the factory adds the test job types and the test's
    /// own services, which therefore win. <paramref name="settings"/> are the factory's settings.
    /// </summary>
    public abstract void ConfigureWebHost(IWebHostBuilder builder, IReadOnlyDictionary<string, string?> settings);

    /// <summary>
    /// The work the host's engine still holds for the factory's jobs: what the messages of its queue are to the
    /// server's engine (see <c>StorageCounts.Messages</c>).
    /// </summary>
    public abstract Task<int> CountEngineWorkAsync(PipelineFactory factory);

    /// <inheritdoc />
    public override string ToString() => Name;
}
