using System.Text.Json.Nodes;
using JobPipeline.Jobs;
using JobPipeline.Processing;

namespace JobPipeline.Tests.Processing.Redaction;

public sealed class RedactOptionValidationTests
{
    public static TheoryData<string, string> InvalidOptions() => new()
    {
        { """{"mode":"shred"}""", "options.mode" },
        { """{"mode":3}""", "options.mode" },
        { """{"colour":"red"}""", "options.colour" },
        { """{"entities":["EMAIL_ADDRESS","PASSPORT"]}""", "options.entities" },
        { """{"entities":[]}""", "options.entities" },
        { """{"entities":"nope"}""", "options.entities" },
        { """{"default_region":"ZZ"}""", "options.default_region" },
        { """{"deny_list":"secret"}""", "options.deny_list" },
        { """{"deny_list":["ok", " "]}""", "options.deny_list[1]" },
        { """{"deny_list":["ok", 5]}""", "options.deny_list[1]" },
        { """{"patterns":[{"name":"X","regex":"("}]}""", "options.patterns[0].regex" },
        { """{"patterns":[{"name":"X","regex":"(a)\\1"}]}""", "options.patterns[0].regex" },
        { """{"patterns":[{"name":"X","regex":"(?<=a)b"}]}""", "options.patterns[0].regex" },
        { """{"patterns":[{"name":"lower","regex":"a"}]}""", "options.patterns[0].name" },
        { """{"patterns":[{"name":"EMAIL_ADDRESS","regex":"a"}]}""", "options.patterns[0].name" },
        { """{"patterns":[{"name":"X","regex":"a","score":1.5}]}""", "options.patterns[0].score" },
        { """{"patterns":[{"name":"X","regex":"a","flags":"i"}]}""", "options.patterns[0].flags" },
        { """{"patterns":["a"]}""", "options.patterns[0]" },
        { """{"patterns":[{"name":"WIDE","regex":"[\\s\\S]{1,480}q"}]}""", "options.patterns[0].regex" },
        { """{"patterns":[{"name":"OK","regex":"a"},{"name":"NESTED","regex":"(?:(?:ab){20}c){10}"}]}""", "options.patterns[1].regex" },
        { """{"return_map":"yes"}""", "options.return_map" },
        { """{"mode":"remove","return_map":true}""", "options.return_map" },
        { """{"mode":"mask","mask_char":"ab"}""", "options.mask_char" },
        { """{"mode":"replace","mask_char":"#"}""", "options.mask_char" },
        { """{"mode":"mask","keep_last":-1}""", "options.keep_last" },
        { """{"mode":"mask","keep_last":2.5}""", "options.keep_last" },
        { """{"mode":"mask","keep_last":17}""", "options.keep_last" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_invalid_option_is_refused_at_submit_naming_the_field(string options, string field)
    {
        JobRequest request = Redaction.Request(JsonNode.Parse(options)!.AsObject());

        JobError? error = Redaction.Processor().Validate(request);

        Assert.NotNull(error);
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Equal(field, (string)error.Details!["field"]!);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"mode":"mask","mask_char":"#","keep_last":4,"return_map":true}""")]
    [InlineData("""{"mode":"hash","entities":["EMAIL_ADDRESS","PHONE_NUMBER"],"default_region":"gb"}""")]
    [InlineData("""{"entities":"EMAIL_ADDRESS, IP_ADDRESS"}""")]
    [InlineData("""{"deny_list":"[\"Falcon\"]","patterns":[{"name":"TICKET","regex":"T-\\d+","score":0.4}],"entities":["TICKET"]}""")]
    public void Valid_options_are_accepted(string options)
    {
        JobRequest request = Redaction.Request(JsonNode.Parse(options)!.AsObject());

        JobError? error = Redaction.Processor().Validate(request);

        Assert.Null(error);
    }

    [Fact]
    public void Too_many_patterns_are_refused()
    {
        var patterns = new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["name"] = $"P{i}", ["regex"] = "a" })]);

        JobError? error = Redaction.Processor().Validate(Redaction.Request(new JsonObject { ["patterns"] = patterns }));

        Assert.Equal("options.patterns", (string)error!.Details!["field"]!);
    }

    [Fact]
    public void An_overlong_pattern_or_deny_list_term_is_refused()
    {
        var longPattern = new JsonObject { ["patterns"] = new JsonArray(new JsonObject { ["name"] = "P", ["regex"] = new string('a', 501) }) };
        var longTerm = new JsonObject { ["deny_list"] = new JsonArray(new string('a', 201)) };

        JobError? patternError = Redaction.Processor().Validate(Redaction.Request(longPattern));
        JobError? termError = Redaction.Processor().Validate(Redaction.Request(longTerm));

        Assert.Equal("options.patterns[0].regex", (string)patternError!.Details!["field"]!);
        Assert.Equal("options.deny_list[0]", (string)termError!.Details!["field"]!);
    }

    [Theory]
    [InlineData("""{"txt":"hello"}""")]
    [InlineData("""{"text":5}""")]
    [InlineData("""["hello"]""")]
    [InlineData("\"hello\"")]
    public void An_input_that_is_not_an_object_with_a_string_text_is_refused(string input)
    {
        JobError? error = Redaction.Processor().Validate(Redaction.Request(input: input));

        Assert.Equal(ErrorCodes.ValidationFailed, error!.Code);
        Assert.Equal("input.text", (string)error.Details!["field"]!);
    }

    [Fact]
    public void A_raw_document_of_another_media_type_is_refused()
    {
        JobError? error = Redaction.Processor().Validate(new JobRequest("redact", null, "image/png", []));

        Assert.Equal(ErrorCodes.UnsupportedMediaType, error!.Code);
    }
}
