using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace JobPipeline.Tests.Support;

/// <summary>
/// The real <c>JobPipeline.Server</c> as a separate process (<c>dotnet JobPipeline.Server.dll</c> from the build
/// output next to the calling assembly) on a free loopback port, configured by environment variables, so that it can
/// be killed with SIGKILL like a crashed machine. Extra job types (the tests' own) are added without changing the
/// server through ASP.NET Core's hosting-startup mechanism: the process runs with the calling assembly's deps file and
/// <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c> naming it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private Process? _process;

    private ServerProcess(ProcessStartInfo start, int port)
    {
        _start = start;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>What the server wrote to stdout/stderr (the last lines), for failure messages.</summary>
    public List<string> Output { get; } = [];

    /// <summary>
    /// Starts the server and waits until <c>/api/health</c> answers. <paramref name="hostingStartupAssembly"/> is the
    /// assembly (next to the server dll) whose <c>[HostingStartup]</c> adds job types; null runs the server as shipped.
    /// <paramref name="directory"/> is where the server's build is (default: next to the calling assembly).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        IDictionary<string, string> settings, string? hostingStartupAssembly, CancellationToken cancellationToken = default, string? directory = null)
    {
        directory ??= AppContext.BaseDirectory;
        string server = Path.Combine(directory, "JobPipeline.Server.dll");
        if (!File.Exists(server))
        {
            throw new InvalidOperationException($"JobPipeline.Server.dll is not in {directory}: build the solution first.");
        }

        int port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        if (hostingStartupAssembly is not null)
        {
            // The server's own deps file does not list the extra assembly; the caller's lists it and the server.
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(Path.Combine(directory, hostingStartupAssembly + ".deps.json"));
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.Combine(directory, "JobPipeline.Server.runtimeconfig.json"));
            start.Environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = hostingStartupAssembly;
        }

        start.ArgumentList.Add(server);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        foreach ((string key, string value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new ServerProcess(start, port);
        await process.RestartAsync(cancellationToken);
        return process;
    }

    /// <summary>Starts the process (again), on the same port, and waits until it answers.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Process process = Process.Start(_start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Azurite.KillProcess(process);
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{string.Join('\n', Snapshot())}");
            }

            try
            {
                using HttpResponseMessage health = await http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server did not become healthy:\n{string.Join('\n', Snapshot())}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or a lost machine would.</summary>
    public void Kill()
    {
        if (_process is not null)
        {
            Azurite.KillProcess(_process);
            _process = null;
        }
    }

    /// <summary>A line of <c>/proc/&lt;pid&gt;/status</c> in kB (e.g. <c>VmHWM</c>, <c>VmRSS</c>); null when unavailable.</summary>
    public long? StatusKilobytes(string field)
    {
        if (ProcessId is not { } pid)
        {
            return null;
        }

        string path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (Output)
        {
            Output.Add(line);
            if (Output.Count > 200)
            {
                Output.RemoveAt(0);
            }
        }
    }

    private List<string> Snapshot()
    {
        lock (Output)
        {
            return [.. Output];
        }
    }
}
