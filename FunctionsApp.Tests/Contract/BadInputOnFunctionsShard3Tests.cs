using JobPipeline.Tests.Http;

namespace FunctionsApp.Tests.Contract;

/// <summary>Shard 3 of the bad-input corpus on FunctionsApp (see <see cref="BadInputOnFunctionsTests"/>), with a host of its own.</summary>
public sealed class BadInputOnFunctionsShard3Tests(BadInputOnFunctionsTests.FunctionsServer server)
    : BadInputCorpus(server), IClassFixture<BadInputOnFunctionsTests.FunctionsServer>
{
    [Theory]
    [MemberData(nameof(BadInputOnFunctionsTests.FunctionNamesInShard), 3, MemberType = typeof(BadInputOnFunctionsTests))]
    public Task A_malformed_request_that_reaches_a_function_gets_its_4xx_envelope_and_writes_nothing(string name) => AssertRejectedAsync(name);

    [Theory]
    [MemberData(nameof(FragmentsInPlacesInShard), 3)]
    public Task Malformed_text_anywhere_a_route_reads_text_gets_a_4xx_envelope_and_writes_nothing(string fragment, string placement) =>
        AssertFragmentRejectedAsync(fragment, placement);
}
