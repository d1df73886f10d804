using System.Text.Json.Nodes;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class EntityDetectionTests
{
    public static TheoryData<LabelledSample> Samples()
    {
        var data = new TheoryData<LabelledSample>();
        foreach (LabelledSample sample in LabelledSample.Load())
        {
            data.Add(sample);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_labelled_sample_gives_exactly_its_labels(LabelledSample sample)
    {
        var expected = sample.Spans().OrderBy(s => s.Start).ToList();

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(sample.Text);

        Assert.Equal(expected, Redaction.Findings(result).ToList());
    }

    [Fact]
    public async Task A_checksum_validated_entity_scores_higher_than_a_pattern_only_one()
    {
        string text = "IBAN DE89 3704 0044 0532 0130 00 and site https://example.com";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        var scores = result["findings"]!.AsArray().ToDictionary(f => (string)f!["entity_type"]!, f => (double)f!["score"]!);
        Assert.Equal(1.0, scores["IBAN_CODE"]);
        Assert.True(scores["URL"] < scores["IBAN_CODE"]);
    }

    [Fact]
    public async Task An_IP_address_inside_a_URL_wins_over_the_URL_because_it_scores_higher()
    {
        string text = "Open http://10.1.2.3/admin now";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Equal("Open http://[IP_ADDRESS_1]/admin now", (string)result["text"]!);
    }

    [Fact]
    public async Task A_national_number_valid_in_the_requested_default_region_scores_higher_than_one_found_by_its_shape()
    {
        string text = "Ring 030 901820 today";

        (JsonObject? us, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);
        (JsonObject? de, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text, new() { ["default_region"] = "DE" });

        JsonNode byShape = Assert.Single(us["findings"]!.AsArray())!;
        JsonNode valid = Assert.Single(de["findings"]!.AsArray())!;
        Assert.Equal(("PHONE_NUMBER", 5, 15), ((string)byShape["entity_type"]!, (int)byShape["start"]!, (int)byShape["end"]!));
        Assert.Equal(("PHONE_NUMBER", 5, 15), ((string)valid["entity_type"]!, (int)valid["start"]!, (int)valid["end"]!));
        Assert.True((double)valid["score"]! > (double)byShape["score"]!);
    }

    [Fact]
    public async Task Only_the_requested_entity_types_are_looked_for()
    {
        string text = "mail a@example.com from 10.0.0.1";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text, new() { ["entities"] = new System.Text.Json.Nodes.JsonArray("IP_ADDRESS") });

        Assert.Equal("mail a@example.com from [IP_ADDRESS_1]", (string)result["text"]!);
    }

    [Fact]
    public async Task Deny_list_terms_match_whole_words_ignoring_case()
    {
        var options = new System.Text.Json.Nodes.JsonObject { ["deny_list"] = new System.Text.Json.Nodes.JsonArray("Project Falcon", "acme") };

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("ACME runs project falcon; Acmeville does not.", options);

        Assert.Equal("[DENY_LIST_1] runs [DENY_LIST_2]; Acmeville does not.", (string)result["text"]!);
    }

    [Fact]
    public async Task A_custom_pattern_reports_its_own_name_and_score()
    {
        var options = new System.Text.Json.Nodes.JsonObject
        {
            ["patterns"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "EMPLOYEE_ID", ["regex"] = @"\bEMP-\d{6}\b", ["score"] = 0.7 }),
        };

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync("Badge EMP-004211 issued", options);

        JsonNode? finding = Assert.Single(result["findings"]!.AsArray());
        Assert.Equal("EMPLOYEE_ID", (string)finding!["entity_type"]!);
        Assert.Equal(0.7, (double)finding["score"]!);
        Assert.Equal("Badge [EMPLOYEE_ID_1] issued", (string)result["text"]!);
    }
}
