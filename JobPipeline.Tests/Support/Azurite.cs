using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace JobPipeline.Tests.Support;

/// <summary>
/// A real Azurite process on free loopback ports with in-memory persistence (or, for tests that stop and restart
/// it, on disk in a temp directory), started from the repository's npm install. Tests share <see cref="Shared"/>,
/// each with its own table/container/queue names (<see cref="UniqueName"/>); a test that stops storage starts its own instance.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Lazy<Task<Azurite>> SharedInstance = new(() => StartAsync());
    private static int _names;
    private Process? _process;

    /// <summary>The process that resumes a <see cref="Pause"/> after <see cref="LongestPause"/>, while one is on.</summary>
    private Process? _resumer;

    private Azurite(int blobPort, int queuePort, int tablePort, string? location = null)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
    }

    /// <summary>The instance every storage test shares; stopped when the test process exits.</summary>
    public static Task<Azurite> Shared => SharedInstance.Value;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The data directory when the instance persists to disk; null for in-memory.</summary>
    public string? Location { get; }

    /// <summary>The node process id while it runs (for SIGSTOP/SIGCONT fault tests).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static string RepositoryRoot { get; } = typeof(Azurite).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A name valid for a table, a container and a queue, unique in this test run.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}{Environment.ProcessId % 10000}x{Interlocked.Increment(ref _names)}".ToLowerInvariant();

    /// <summary>Starts a new instance on new free ports.</summary>
    public static async Task<Azurite> StartAsync(CancellationToken cancellationToken = default)
    {
        var azurite = new Azurite(FreePort.Next(), FreePort.Next(), FreePort.Next());
        await azurite.RestartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>
    /// Starts a new instance that keeps its data in a new temp directory, so that it survives
    /// <see cref="StopGracefully"/> and <see cref="RestartAsync"/> (a SIGKILL loses the last seconds: Azurite saves every 5 s).
    /// </summary>
    public static async Task<Azurite> StartPersistentAsync(CancellationToken cancellationToken = default)
    {
        string location = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var azurite = new Azurite(FreePort.Next(), FreePort.Next(), FreePort.Next(), location);
        await azurite.RestartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts (again) the process on the same ports; in-memory data starts empty, on-disk data is kept.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        string script = Path.Combine(RepositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run 'npm ci' in {RepositoryRoot}.");
        }

        // Through the watchdog, which ends Azurite when this process is gone even if it never ran its exit handlers.
        string watchdog = Path.Combine(RepositoryRoot, "JobPipeline.Tests", "Support", "azurite-watchdog.js");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                watchdog, Environment.ProcessId.ToString(), script, "--skipApiVersionCheck", "--loose", "--silent", "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(Location);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process.OutputDataReceived += (_, e) => Keep(said, e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(said, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Process process = _process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillProcess(process);

        // Node needs a few seconds to load Azurite; on a machine busy with parallel builds it was seen taking over 20 s.
        DateTime deadline = DateTime.UtcNow.Add(StartWait);
        foreach (int port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AcceptsAsync(port, cancellationToken))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    string why = _process.HasExited ? $"node exited with {_process.ExitCode}" : $"not listening after {StartWait.TotalSeconds:0} s";
                    Stop(); // no orphan node left listening on some of the ports
                    throw new InvalidOperationException($"Azurite did not start on port {port} ({why}): {string.Join(" | ", said)}");
                }

                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>How long a start may take before the fixture gives up.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(120);

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> said, string? line)
    {
        if (line is not null)
        {
            said.Enqueue(line);
            while (said.Count > 20 && said.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>Stops the process (the in-memory data goes with it).</summary>
    public void Stop()
    {
        if (_process is not null)
        {
            KillProcess(_process);
            _process = null;
        }
    }

    /// <summary>Stops the process with SIGTERM, so that Azurite saves its on-disk data first.</summary>
    public void StopGracefully()
    {
        if (_process is null)
        {
            return;
        }

        Signal("TERM");
        if (!_process.WaitForExit(10_000))
        {
            KillProcess(_process);
        }

        _process = null;
    }

    /// <summary>
    /// The longest a <see cref="Pause"/> lasts: a paused Azurite is resumed then whatever happened to the test process,
    /// since a frozen process cannot run the watchdog that ends it when its test process is gone.
    /// </summary>
    internal static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Freezes the process (SIGSTOP): connections stay open and every request hangs, as with a stalled network. It
    /// runs again at <see cref="Resume"/>, or by itself after <see cref="LongestPause"/> (a test process killed while
    /// Azurite was paused would otherwise leave it frozen for good).
    /// </summary>
    public void Pause()
    {
        if (ProcessId is { } pid)
        {
            _resumer = PauseProcess(pid, LongestPause);
        }
    }

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume()
    {
        Signal("CONT");
        if (_resumer is { } resumer)
        {
            KillProcess(resumer);
            resumer.Dispose();
            _resumer = null;
        }
    }

    /// <summary>
    /// Sends the process SIGSTOP, after starting the process that sends it SIGCONT <paramref name="longest"/> later,
    /// whether or not the caller is still there; kill the returned process to call that off.
    /// </summary>
    internal static Process PauseProcess(int pid, TimeSpan longest)
    {
        Process resumer = Process.Start(new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", $"sleep {(int)Math.Ceiling(longest.TotalSeconds)} && kill -CONT {pid}" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("sh did not start.");
        SignalProcess(pid, "STOP");
        return resumer;
    }

    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Resume();
        }

        Stop();
        if (Location is not null)
        {
            try
            {
                Directory.Delete(Location, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up.
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Signal(string signal)
    {
        if (ProcessId is { } pid)
        {
            SignalProcess(pid, signal);
        }
    }

    private static void SignalProcess(int pid, string signal)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
    }

    /// <summary>Kills a process and its children; nothing if it is gone already.</summary>
    internal static void KillProcess(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
