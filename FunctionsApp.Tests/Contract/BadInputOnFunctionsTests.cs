using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsApp.Tests.Contract;

/// <summary>
/// The corpus of <see cref="BadInputTests"/> against FunctionsApp under the emulated Functions host
/// (<see cref="FunctionsHost"/>), but for the requests that no function declares, which the host answers itself.
/// </summary>
public sealed class BadInputOnFunctionsTests(BadInputOnFunctionsTests.FunctionsServer server)
    : BadInputTests(server), IClassFixture<BadInputOnFunctionsTests.FunctionsServer>
{
    /// <summary>The corpus's requests for a route or method that no function declares (see <see cref="ServerOnly.HostAnswered"/>).</summary>
    public static readonly IReadOnlySet<string> AnsweredByTheHost = new HashSet<string>
    {
        "PUT on the jobs collection",
        "DELETE on the jobs collection",
        "PATCH on a job",
        "GET on cancel",
        "POST on an operation",
        "unknown route",
        "route outside the API",
        "operation of a dot-dot id",
    };

    /// <summary>The names of the cases that reach a function.</summary>
    public static TheoryData<string> FunctionNames => [.. ((IEnumerable<object[]>)Names).Select(row => (string)row[0]).Where(name => !AnsweredByTheHost.Contains(name))];

    /// <inheritdoc />
    [Theory(Skip = ServerOnly.HostAnswered)]
    [MemberData(nameof(Names))]
    public override Task A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(string name) =>
        base.A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(name);

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public Task A_malformed_request_that_reaches_a_function_gets_its_4xx_envelope_and_writes_nothing(string name) =>
        base.A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(name);

    [Fact]
    public void Every_request_the_host_answers_itself_is_in_the_corpus()
    {
        Assert.Subset(((IEnumerable<object[]>)Names).Select(row => (string)row[0]).ToHashSet(), AnsweredByTheHost.ToHashSet());
    }

    /// <summary>The corpus's server, on FunctionsApp.</summary>
    public sealed class FunctionsServer : Server
    {
        /// <inheritdoc />
        protected override PipelineHost? Host => FunctionsHost.Instance;
    }
}
