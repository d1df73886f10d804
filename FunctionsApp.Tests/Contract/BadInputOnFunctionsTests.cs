using FunctionsApp.Tests.Support;
using JobPipeline.Tests.Http;
using JobPipeline.Tests.Support;

namespace FunctionsApp.Tests.Contract;

/// <summary>
/// The corpus of <see cref="BadInputCorpus"/> against FunctionsApp under the emulated Functions host
/// (<see cref="FunctionsHost"/>), but for the requests that no function declares, which the host answers itself:
/// shard 0 of its cases and the checks of the corpus as a whole. <see cref="BadInputOnFunctionsShard1Tests"/>,
/// <see cref="BadInputOnFunctionsShard2Tests"/> and <see cref="BadInputOnFunctionsShard3Tests"/> run the other shards
/// side by side, each with a host of its own.
/// </summary>
public sealed class BadInputOnFunctionsTests(BadInputOnFunctionsTests.FunctionsServer server)
    : BadInputCorpus(server), IClassFixture<BadInputOnFunctionsTests.FunctionsServer>
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

    /// <summary>The names of the cases of one shard (<see cref="BadInputCorpus.Shards"/>) that reach a function.</summary>
    public static TheoryData<string> FunctionNamesInShard(int shard) =>
        [.. ((IEnumerable<object[]>)NamesInShard(shard)).Select(row => (string)row[0]).Where(name => !AnsweredByTheHost.Contains(name))];

    [Theory(Skip = ServerOnly.HostAnswered)]
    [MemberData(nameof(Names))]
    public Task A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(string name) => AssertRejectedAsync(name);

    [Theory]
    [MemberData(nameof(FunctionNamesInShard), 0)]
    public Task A_malformed_request_that_reaches_a_function_gets_its_4xx_envelope_and_writes_nothing(string name) => AssertRejectedAsync(name);

    [Theory]
    [MemberData(nameof(FragmentsInPlacesInShard), 0)]
    public Task Malformed_text_anywhere_a_route_reads_text_gets_a_4xx_envelope_and_writes_nothing(string fragment, string placement) =>
        AssertFragmentRejectedAsync(fragment, placement);

    [Theory]
    [InlineData("lone low surrogate")]
    [InlineData("invalid UTF-8")]
    [InlineData("cut sequence")]
    public Task A_malformed_request_id_is_replaced_by_a_fresh_one_on_every_route(string fragment) => AssertRequestIdReplacedAsync(fragment);

    [Fact]
    public void Every_request_the_host_answers_itself_is_in_the_corpus()
    {
        Assert.Subset(((IEnumerable<object[]>)Names).Select(row => (string)row[0]).ToHashSet(), AnsweredByTheHost.ToHashSet());
    }

    [Fact]
    public void Every_case_that_reaches_a_function_is_in_exactly_one_shard()
    {
        List<string> names = [.. Enumerable.Range(0, Shards).SelectMany(shard => ((IEnumerable<object[]>)FunctionNamesInShard(shard)).Select(row => (string)row[0]))];

        Assert.Equal(((IEnumerable<object[]>)Names).Select(row => (string)row[0]).Where(name => !AnsweredByTheHost.Contains(name)).Order(), names.Order());
        Assert.DoesNotContain(names, AnsweredByTheHost.Contains);
    }

    /// <summary>The corpus's server, on FunctionsApp.</summary>
    public sealed class FunctionsServer : Server
    {
        /// <inheritdoc />
        protected override PipelineHost? Host => FunctionsHost.Instance;
    }
}
