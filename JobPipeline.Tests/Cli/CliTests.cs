using System.Text;
using System.Text.Json.Nodes;
using JobPipeline.Cli;
using JobPipeline.Tests.Support;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace JobPipeline.Tests.Cli;

/// <summary><c>jobpipeline</c> run through its entry point, in process, against the real server on Azurite.</summary>
public sealed class CliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobpipeline-cli-").FullName;
    private PipelineFactory _server = null!;
    private ServerRoute _route = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["JobPipeline:ApiKeys:0:CallbackOrigins:0"] = _receiver.Origin,
            ["JobPipeline:ApiKeys:0:WebhookSecret"] = WebhookReceiver.Secret,
            ["JobPipeline:Webhooks:PollInterval"] = "00:00:00.100",
        };
        _server = new PipelineFactory(await Azurite.Shared, settings, output: output);
        _route = new ServerRoute(_server);
    }

    public async Task DisposeAsync()
    {
        _route.Dispose();
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Submit_wait_get_list_and_result_of_a_document()
    {
        string input = Path.Combine(_directory, "note.txt");
        await File.WriteAllTextAsync(input, "hello from the cli");
        string saved = Path.Combine(_directory, "out.txt");

        CliRun submit = await RunAsync("submit", input, "--type", "test.echo", "--wait");
        string id = submit.Output.Trim();
        CliRun get = await RunAsync("get", id);
        CliRun list = await RunAsync("list", "--status", "completed", "--json");
        CliRun table = await RunAsync("list");
        CliRun result = await RunAsync("result", id, "-o", saved);

        Assert.Equal(ExitCodes.Ok, submit.Code);
        Assert.Contains($"{id} completed", submit.Errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, get.Code);
        Assert.Equal("completed", JsonNode.Parse(get.Output)!["status"]!.GetValue<string>());
        Assert.Equal(id, JsonNode.Parse(list.Output.Trim())!["job_id"]!.GetValue<string>());
        Assert.Contains(id, table.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Equal("hello from the cli", await File.ReadAllTextAsync(saved));
        Assert.False(File.Exists(saved + ".partial"));
    }

    [Fact]
    public async Task Submit_from_standard_input_with_options_then_watch_ends_with_exit_0()
    {
        CliRun submit = await RunAsync(["submit", "-", "--type", "json.format", "--option", "indent=2", "--option", "sort_keys=true"], stdin: "{\"b\":1,\"a\":2}");
        string id = submit.Output.Trim();

        CliRun watch = await RunAsync("watch", id);
        CliRun result = await RunAsync("result", id);

        Assert.Equal(ExitCodes.Ok, submit.Code);
        Assert.Equal(ExitCodes.Ok, watch.Code);
        Assert.Equal($"{id} completed", watch.Output.Trim());
        Assert.Contains("100%", watch.Errors, StringComparison.Ordinal);
        Assert.Equal("{\n  \"a\": 2,\n  \"b\": 1\n}", result.Stdout.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_JSON_input_file_is_sent_as_the_envelopes_input()
    {
        string input = Path.Combine(_directory, "input.json");
        await File.WriteAllTextAsync(input, "{\"text\": \"json input\"}");

        CliRun submit = await RunAsync("submit", input, "--type", "test.echo", "--json-input", "--wait");
        CliRun result = await RunAsync("result", submit.Output.Trim());

        Assert.Equal(ExitCodes.Ok, submit.Code);
        Assert.Equal("json input", result.Stdout);
    }

    [Fact]
    public async Task A_callback_url_brings_the_signed_webhook_when_the_job_ends()
    {
        string input = Path.Combine(_directory, "hook.txt");
        await File.WriteAllTextAsync(input, "call me back");

        CliRun submit = await RunAsync("submit", input, "--type", "test.echo", "--callback-url", $"{_receiver.Origin}/hooks/cli", "--wait");
        string id = submit.Output.Trim();
        IReadOnlyList<WebhookReceiver.Delivery> deliveries = await _receiver.WaitForAsync(d => d.Count >= 1, "the webhook");
        CliRun get = await RunAsync("get", id);

        Assert.Equal(ExitCodes.Ok, submit.Code);
        WebhookReceiver.Delivery delivery = Assert.Single(deliveries);
        Assert.Null(delivery.Refusal);
        Assert.Equal("/hooks/cli", delivery.Path);
        Assert.Equal(id, delivery.Event!.Data.JobId);
        Assert.Equal($"{_receiver.Origin}/hooks/cli", JsonNode.Parse(get.Output)!["callback"]!["url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("https://not-an-origin-of-this-tenant.example/hooks")]
    public async Task A_callback_url_that_is_not_one_the_tenant_may_use_is_a_usage_error_and_no_job(string callbackUrl)
    {
        CliRun submit = await RunAsync(["submit", "-", "--type", "test.echo", "--callback-url", callbackUrl], stdin: "text");

        Assert.Equal(ExitCodes.Usage, submit.Code);
        Assert.Contains("callback", submit.Errors + submit.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", submit.Output.Trim());
    }

    [Fact]
    public async Task A_failed_or_canceled_job_exits_1_and_a_deleted_one_3()
    {
        string failing = Path.Combine(_directory, "input.json");
        await File.WriteAllTextAsync(failing, "{}");
        string sleeping = Path.Combine(_directory, "sleep.json");
        await File.WriteAllTextAsync(sleeping, "{\"ms\": 60000}");

        CliRun failed = await RunAsync("submit", failing, "--type", "test.broken", "--json-input", "--wait");
        string id = (await RunAsync("submit", sleeping, "--type", "test.sleep", "--json-input")).Output.Trim();
        CliRun notYet = await RunAsync("result", id);
        CliRun cancel = await RunAsync("cancel", id);
        CliRun cancelAgain = await RunAsync("cancel", id);
        CliRun watch = await RunAsync("watch", id);
        CliRun delete = await RunAsync("delete", id);
        CliRun gone = await RunAsync("get", id);

        Assert.Equal(ExitCodes.JobNotCompleted, failed.Code);
        Assert.Contains("failed", failed.Errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.JobNotCompleted, notYet.Code);
        Assert.Contains("JOB_NOT_COMPLETED", notYet.Errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, cancel.Code);
        Assert.Equal(ExitCodes.JobNotCompleted, cancelAgain.Code);
        Assert.Equal(ExitCodes.JobNotCompleted, watch.Code);
        Assert.Equal($"{id} canceled", watch.Output.Trim());
        Assert.Equal(ExitCodes.Ok, delete.Code);
        Assert.Equal(ExitCodes.NotFound, gone.Code);
        Assert.Contains("JOB_NOT_FOUND", gone.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "frobnicate")]
    [InlineData(ExitCodes.Usage, "submit", "-")]
    [InlineData(ExitCodes.Usage, "submit", "-", "--type", "test.echo", "--option", "novalue")]
    [InlineData(ExitCodes.Usage, "submit", "-", "--type", "no.such.type")]
    [InlineData(ExitCodes.Usage, "submit", "/no/such/file.txt", "--type", "test.echo")]
    [InlineData(ExitCodes.Usage, "list", "--status", "sleeping")]
    [InlineData(ExitCodes.Usage, "get")]
    [InlineData(ExitCodes.Usage, "get", "not-an-id")]
    [InlineData(ExitCodes.Unauthorized, "get", "00000000000000000000000000", "--api-key", "wrong-key")]
    [InlineData(ExitCodes.NotFound, "get", "00000000000000000000000000")]
    public async Task Exit_codes_tell_usage_auth_and_not_found_apart(int expected, params string[] args)
    {
        CliRun run = await RunAsync(args, stdin: "text");

        Assert.True(expected == run.Code, $"exit {run.Code}, expected {expected}; errors: {run.Errors}");
        Assert.NotEqual("", run.Errors.Trim() + run.Output.Trim());
    }

    [Fact]
    public async Task Without_a_key_the_exit_code_is_4_and_without_a_service_5()
    {
        CliRun noKey = await RunAsync(["list"], variables: new Dictionary<string, string?> { ["JOBPIPELINE_URL"] = "http://localhost/" });
        CliRun noService = await RunAsync(["list", "--url", "http://127.0.0.1:9/"], variables: new Dictionary<string, string?> { ["JOBPIPELINE_API_KEY"] = "k" }, transport: false);

        Assert.Equal(ExitCodes.Unauthorized, noKey.Code);
        Assert.Contains("JOBPIPELINE_API_KEY", noKey.Errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ServiceUnavailable, noService.Code);
    }

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, stdin: "");

    private async Task<CliRun> RunAsync(string[] args, string stdin = "", IDictionary<string, string?>? variables = null, bool transport = true)
    {
        variables ??= new Dictionary<string, string?> { ["JOBPIPELINE_API_KEY"] = PipelineFactory.KeyA, ["JOBPIPELINE_URL"] = "http://localhost/" };
        using var outConsole = new TestConsole();
        using var errConsole = new TestConsole();
        errConsole.Interactive().SupportsAnsi(true);
        outConsole.Profile.Width = 200;
        var stdout = new MemoryStream();
        var environment = new CliEnvironment(
            name => variables.TryGetValue(name, out string? value) ? value : null,
            () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)),
            () => new NonClosing(stdout),
            transport ? _route.Client() : null);

        int code = await CliApp.RunAsync(args, new CliContext(outConsole, errConsole, environment));

        output.WriteLine($"$ jobpipeline {string.Join(' ', args)} → {code}\n{outConsole.Output}{errConsole.Output}");
        return new CliRun(code, outConsole.Output, errConsole.Output, Encoding.UTF8.GetString(stdout.ToArray()));
    }

    private sealed record CliRun(int Code, string Output, string Errors, string Stdout);

    private sealed class NonClosing(Stream inner) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
