namespace JobPipeline.Tests.Http;

/// <summary>Shard 2 of the bad-input corpus (<see cref="BadInputCorpus"/>) on JobPipeline.Server, with a server of its own.</summary>
public sealed class BadInputShard2Tests(BadInputCorpus.Server server) : BadInputCorpus(server), IClassFixture<BadInputCorpus.Server>
{
    [Theory]
    [MemberData(nameof(NamesInShard), 2)]
    public Task A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(string name) => AssertRejectedAsync(name);

    [Theory]
    [MemberData(nameof(FragmentsInPlacesInShard), 2)]
    public Task Malformed_text_anywhere_a_route_reads_text_gets_a_4xx_envelope_and_writes_nothing(string fragment, string placement) =>
        AssertFragmentRejectedAsync(fragment, placement);
}
