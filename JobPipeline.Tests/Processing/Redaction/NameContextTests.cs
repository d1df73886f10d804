using System.Text.Json.Nodes;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Tests.Processing.Redaction;

/// <summary>The evidence a name is found by when the words around it, or the field it stands in, say it is one.</summary>
public sealed class NameContextTests
{
    [Theory]
    [InlineData("Chidi, the refund was processed yesterday.", "Chidi")]
    [InlineData("Re: refund\n\nAoife, the card was credited on Monday.", "Aoife")]
    [InlineData("Hey Mei, it's Björn. Lost my phone.", "Björn")]
    [InlineData("We are pleased to welcome Aino Fernández to the board.", "Aino Fernández")]
    [InlineData("Invoice for Globex, attn. Zuzana Groß, due Friday.", "Zuzana Groß")]
    [InlineData("Reminder: Mary has a dentist appointment.", "Mary")]
    [InlineData("Ruairí Brown\nVia Garibaldi 67, 92754 Torino", "Ruairí Brown")]
    [InlineData("Łukasz Wiśniewski will present the results.", "Łukasz Wiśniewski")]
    [InlineData("Nicole: are you there?\nBaker: yes, on my way.", "Baker")]
    [InlineData("[10:02] Baker: running late\n[10:03] Nicole: no problem", "Baker")]
    public async Task A_person_is_found_by_context_or_by_the_international_name_lists(string text, string name)
    {
        int start = text.IndexOf(name, StringComparison.Ordinal);

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.Person, start, start + name.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("Applicant: Jane Doe, DOB 01/05/1947, lives in Leeds.", "DOB")]
    [InlineData("Company name: Zorbax\nProduct name: Quintor", "Zorbax")]
    [InlineData("Product name: Quintor", "Quintor")]
    [InlineData("Phone: 555 0100\nFooter: page 2", "Footer")]
    [InlineData("Baker: sourdough, rye and spelt", "Baker")]
    [InlineData("Paris, the capital of France, is busy in May.", "Paris")]
    [InlineData("Refund of 42.50 EUR. Regards, University of Leeds customer care", "EUR")]
    public async Task Words_that_only_look_like_names_in_those_places_are_no_people(string text, string word)
    {
        int start = text.IndexOf(word, StringComparison.Ordinal);

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.Person && f.Start <= start && start < f.End);
    }

    [Fact]
    public async Task A_greeting_before_an_organisation_of_a_kind_is_not_part_of_its_name()
    {
        string text = "Refund of 42.50 EUR. Regards, University of Leeds customer care";
        int start = text.IndexOf("University", StringComparison.Ordinal);

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.Organization, start, start + "University of Leeds".Length), Redaction.Findings(result));
        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.Organization && f.Start < start);
    }

    [Fact]
    public async Task A_given_name_alone_under_a_name_column_header_is_a_person()
    {
        string csv = "id,first_name,city\n1,Jane,Lyon\n2,Chidi,Oslo\n";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(csv, "text/csv");

        Assert.Equal("id,first_name,city\n1,[PERSON_1],[LOCATION_1]\n2,[PERSON_2],[LOCATION_2]\n", document);
        JsonNode jane = result["findings"]!.AsArray().First(f => (string)f!["entity_type"]! == EntityTypes.Person)!;
        Assert.Equal((1, 1), ((int)jane["row"]!, (int)jane["column"]!));
        Assert.Equal("Jane", csv[(int)jane["start"]!..(int)jane["end"]!]);
    }

    [Fact]
    public async Task A_column_header_that_names_a_thing_does_not_make_its_values_people()
    {
        string csv = "id,company_name,productName\n1,Zorbax,Quintor\n";

        (JsonObject _, JobPipeline.Processing.JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(csv, "text/csv");

        Assert.Equal(csv, document);
    }

    [Fact]
    public async Task A_JSON_property_name_labels_its_string_value()
    {
        string json = """{"customer": "Jane", "lastName": "Chidi", "sku": "Jane"}""";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _, string? document) = await Redaction.RunDocumentAsync(json, "application/json");

        JsonNode redacted = JsonNode.Parse(document)!;
        Assert.Equal("[PERSON_1]", (string)redacted["customer"]!);
        Assert.Equal("[PERSON_2]", (string)redacted["lastName"]!);
        Assert.Equal("Jane", (string)redacted["sku"]!);
        Assert.Equal(["/customer", "/lastName"], result["findings"]!.AsArray().Select(f => (string)f!["pointer"]!));
    }
}
