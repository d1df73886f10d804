using System.Diagnostics;
using System.Text.Json.Nodes;
using JobPipeline.Cli;
using JobPipeline.Tests.Reliability;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Cli;

/// <summary>
/// The built <c>jobpipeline</c> tool as a process (its real entry point: standard streams, environment, exit codes)
/// against the real server as a process on a free port, on Azurite.
/// </summary>
public sealed class CliProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_tool_submits_from_standard_input_waits_and_writes_the_result_to_standard_output()
    {
        Azurite azurite = await Azurite.Shared;
        await using ServerProcess server = await ServerProcess.StartAsync(CrashSafetyTests.ServerSettings(azurite), hostingStartupAssembly: null);

        (int submitCode, string id, string submitErrors) = await RunAsync(server, "{\"b\": 1, \"a\": [1.50, true]}", "submit", "--type", "json.format", "--option", "sort_keys=true", "--option", "indent=0", "--wait");
        (int resultCode, string result, _) = await RunAsync(server, "", "result", id.Trim());
        (int getCode, string json, _) = await RunAsync(server, "", "get", id.Trim());
        (int missingCode, _, string missingErrors) = await RunAsync(server, "", "get", "00000000000000000000000000");
        (int wrongKeyCode, _, _) = await RunAsync(server, "", "list", "--api-key", "wrong");

        Assert.True(submitCode == ExitCodes.Ok, submitErrors);
        Assert.Contains("completed", submitErrors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, resultCode);
        Assert.Equal("{\"a\":[1.50,true],\"b\":1}", result.Trim());
        Assert.Equal(ExitCodes.Ok, getCode);
        Assert.Equal("completed", JsonNode.Parse(json)!["status"]!.GetValue<string>());
        Assert.Matches("\"completed_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", json);
        Assert.Equal(ExitCodes.NotFound, missingCode);
        Assert.Contains("JOB_NOT_FOUND", missingErrors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unauthorized, wrongKeyCode);
    }

    private async Task<(int Code, string Output, string Errors)> RunAsync(ServerProcess server, string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JobPipeline.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["JOBPIPELINE_URL"] = server.BaseAddress.AbsoluteUri;
        start.Environment["JOBPIPELINE_API_KEY"] = PipelineFactory.KeyA;
        using Process process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        Task<string> outText = process.StandardOutput.ReadToEndAsync();
        Task<string> errText = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        (string stdout, string stderr) = (await outText, await errText);
        output.WriteLine($"$ jobpipeline {string.Join(' ', args)} → {process.ExitCode}\n{stdout}{stderr}");
        return (process.ExitCode, stdout, stderr);
    }
}
