namespace JobPipeline.Tests.Http;

/// <summary>
/// The bad-input corpus (<see cref="BadInputCorpus"/>) on JobPipeline.Server: shard 0 of its cases, and the checks of
/// the corpus as a whole. <see cref="BadInputShard1Tests"/>, <see cref="BadInputShard2Tests"/> and
/// <see cref="BadInputShard3Tests"/> run the other shards side by side.
/// </summary>
public sealed class BadInputTests(BadInputCorpus.Server server) : BadInputCorpus(server), IClassFixture<BadInputCorpus.Server>
{
    [Fact]
    public void The_corpus_has_at_least_forty_cases()
    {
        Assert.True(CaseCount >= 40, $"{CaseCount} cases");
    }

    [Fact]
    public void Every_case_is_in_exactly_one_shard()
    {
        List<string> names = [.. Enumerable.Range(0, Shards).SelectMany(shard => ((IEnumerable<object[]>)NamesInShard(shard)).Select(row => (string)row[0]))];
        List<(string, string)> pairs = [.. Enumerable.Range(0, Shards).SelectMany(shard => ((IEnumerable<object[]>)FragmentsInPlacesInShard(shard)).Select(row => ((string)row[0], (string)row[1])))];

        Assert.Equal(((IEnumerable<object[]>)Names).Select(row => (string)row[0]).Order(), names.Order());
        Assert.Equal(((IEnumerable<object[]>)FragmentsInPlaces).Select(row => ((string)row[0], (string)row[1])).Order(), pairs.Order());
        Assert.All(Enumerable.Range(0, Shards), shard => Assert.NotEmpty(NamesInShard(shard)));
    }

    [Theory]
    [MemberData(nameof(NamesInShard), 0)]
    public Task A_malformed_request_gets_its_4xx_envelope_and_writes_nothing(string name) => AssertRejectedAsync(name);

    [Theory]
    [MemberData(nameof(FragmentsInPlacesInShard), 0)]
    public Task Malformed_text_anywhere_a_route_reads_text_gets_a_4xx_envelope_and_writes_nothing(string fragment, string placement) =>
        AssertFragmentRejectedAsync(fragment, placement);

    [Theory]
    [InlineData("lone low surrogate")]
    [InlineData("invalid UTF-8")]
    [InlineData("cut sequence")]
    public Task A_malformed_request_id_is_replaced_by_a_fresh_one_on_every_route(string fragment) => AssertRequestIdReplacedAsync(fragment);
}
