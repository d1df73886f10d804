using System.Text.Json.Nodes;
using JobPipeline.Processing.Redaction;

namespace JobPipeline.Tests.Processing.Redaction;

/// <summary>Names, places, organisations, dates, addresses, phones and cards as people write them: one example per form.</summary>
public sealed class PersonalDataDetectionTests
{
    [Theory]
    [InlineData("I met Priya Raman at the gym.", "Priya Raman")]
    [InlineData("Dear Mr. Fitzgerald, thank you for your order.", "Fitzgerald")]
    [InlineData("Bonjour Mme Lefèvre, votre colis est arrivé.", "Lefèvre")]
    [InlineData("Sehr geehrte Frau Ottová, vielen Dank.", "Ottová")]
    [InlineData("Signed by Dr. Anna Schmidt-Weber yesterday.", "Anna Schmidt-Weber")]
    [InlineData("Name: Zsófia Szöllösy\nPhone: none", "Zsófia Szöllösy")]
    [InlineData("Billing address: Sara Schwarz, Hauptstraße 5, 10115 Berlin", "Sara Schwarz")]
    [InlineData("Nicole: are we still on for lunch?", "Nicole")]
    [InlineData("Thanks, Nicole! See you soon.", "Nicole")]
    [InlineData("Can you ask Benoît to send the slides?", "Benoît")]
    [InlineData("Guest list: Anna Berg, Lars Nilsson and Eva Nowak.", "Eva Nowak")]
    [InlineData("Mme van den Berg asked for a callback.", "van den Berg")]
    public async Task A_person_is_found_where_people_write_names(string text, string name)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.Person, text.IndexOf(name, StringComparison.Ordinal), text.IndexOf(name, StringComparison.Ordinal) + name.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("The Board approved the Budget for the next Fiscal Year.")]
    [InlineData("Click Save, then Export, and choose Excel Workbook.")]
    [InlineData("The Green Party and the Liberal Democrats debated the Energy Bill.")]
    [InlineData("Revenue grew in May while costs stayed flat.")]
    [InlineData("Quarterly Revenue Report: Sales grew 12% in Q3.")]
    public async Task Capitalised_words_that_are_no_names_are_left_alone(string text)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.Person);
    }

    [Theory]
    [InlineData("+44 7700 900123")]
    [InlineData("+46 (0)8 928 571 38")]
    [InlineData("0490 75 40 81")]
    [InlineData("03.93.92.16.85")]
    [InlineData("345-899-3560x4587")]
    [InlineData("001-518-640-0854")]
    [InlineData("(650) 253-0000")]
    [InlineData("0133/586063")]
    public async Task A_phone_number_is_found_without_knowing_its_country(string phone)
    {
        string text = $"Please call {phone} after five.";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.PhoneNumber, 12, 12 + phone.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("Order 4839201 was shipped.")]
    [InlineData("Invoice total $1,249.00 incl. VAT.")]
    [InlineData("Version 3.2.1 fixes 14 bugs.")]
    [InlineData("Fake 000-12-3456 here")]
    [InlineData("Released on 2024-01-15 after review.")]
    [InlineData("Uptime was 99.95% over 30 days.")]
    public async Task Ids_amounts_versions_and_dates_are_not_phone_numbers(string text)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.PhoneNumber);
    }

    [Theory]
    [InlineData("4111111111111111")] // Visa 16
    [InlineData("4222222222222")] // Visa 13
    [InlineData("4000000000000000006")] // Visa 19
    [InlineData("213100000000001")] // JCB 15 (2131)
    [InlineData("180000000000002")] // JCB 15 (1800)
    [InlineData("3530111333300000")] // JCB 16
    [InlineData("30569309025904")] // Diners 14
    [InlineData("6759649826438453")] // Maestro 16
    [InlineData("6304000000000000000")] // Maestro 19
    [InlineData("6221260000000000")] // UnionPay
    [InlineData("2221000000000009")] // Mastercard 2-series
    [InlineData("3782 822463 10005")] // American Express, grouped
    public async Task Every_issuer_range_and_length_that_passes_Luhn_is_a_card(string card)
    {
        string text = $"Card {card} was declined.";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.CreditCard, 5, 5 + card.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("4111111111111112")] // Luhn fails
    [InlineData("7111111111111114")] // no issuer starts with 7
    [InlineData("378282246310006")] // an Amex prefix and length, but the check digit is wrong
    public async Task A_number_without_an_issuer_prefix_or_a_correct_check_digit_is_no_card(string number)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync($"Ref {number} ok");

        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.CreditCard);
    }

    [Theory]
    [InlineData("2023-05-12")]
    [InlineData("2023-05-12T14:30")]
    [InlineData("12/05/2023")]
    [InlineData("5/12/2023")]
    [InlineData("12.05.2023")]
    [InlineData("5 May 2023")]
    [InlineData("May 5th, 2023")]
    [InlineData("5th of May 2023")]
    [InlineData("Monday, 5 May 2023")]
    [InlineData("15. März 2023")]
    [InlineData("5 mai 2023")]
    [InlineData("5 de mayo de 2023")]
    [InlineData("March 2024")]
    [InlineData("3:30 pm")]
    public async Task Dates_and_times_are_found_in_common_formats(string date)
    {
        string text = $"It was {date} when it happened.";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.DateTime, 7, 7 + date.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("Released in 2024 as version 3.2.")]
    [InlineData("The score was 31/45 in the test.")]
    [InlineData("Values 13.14.2023 are not dates.")]
    public async Task Numbers_that_cannot_be_dates_are_not_dates(string text)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.DoesNotContain(Redaction.Findings(result), f => f.Type == EntityTypes.DateTime);
    }

    [Theory]
    [InlineData("123 Main St, Springfield, IL 62704")]
    [InlineData("1600 Pennsylvania Avenue NW")]
    [InlineData("10 Downing Street, London SW1A 2AA")]
    [InlineData("Hauptstraße 5, 10115 Berlin")]
    [InlineData("Am Rosengarten 12, 16795 Hamburg")]
    [InlineData("12 rue de la Paix, 75002 Paris")]
    [InlineData("Keizersgracht 123, 1015 CJ Amsterdam")]
    [InlineData("Via Roma 10, 00184 Roma")]
    [InlineData("Calle Mayor 3, 28013 Madrid")]
    [InlineData("742 Evergreen Terrace, Apt 2")]
    public async Task Street_addresses_are_found_with_their_city_and_postal_code(string address)
    {
        string text = $"Ship to {address}. Thanks";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Contains((EntityTypes.StreetAddress, 8, 8 + address.Length), Redaction.Findings(result));
    }

    [Fact]
    public async Task A_postal_code_on_its_own_counts_after_a_label()
    {
        string text = "ZIP: 94103, order 12345";

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        Assert.Equal([(EntityTypes.StreetAddress, 5, 10)], Redaction.Findings(result).Where(f => f.Type == EntityTypes.StreetAddress));
    }

    [Theory]
    [InlineData("She moved to Lyon last year.", "Lyon")]
    [InlineData("Offices in New York and Tokyo.", "New York")]
    [InlineData("Born in South Africa, raised elsewhere.", "South Africa")]
    [InlineData("The shipment to Zurich, Switzerland left today.", "Switzerland")]
    public async Task Cities_and_countries_are_locations(string text, string place)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        int start = text.IndexOf(place, StringComparison.Ordinal);
        Assert.Contains((EntityTypes.Location, start, start + place.Length), Redaction.Findings(result));
    }

    [Theory]
    [InlineData("She works for Acme Widgets Ltd in town.", "Acme Widgets Ltd")]
    [InlineData("Siemens Healthineers AG reported results.", "Siemens Healthineers AG")]
    [InlineData("A loan from Bank of Ireland was approved.", "Bank of Ireland")]
    [InlineData("The merger of Globex Inc and Initech LLC closed.", "Initech LLC")]
    public async Task Organisations_are_found_by_their_legal_form_or_kind(string text, string organisation)
    {
        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text);

        int start = text.IndexOf(organisation, StringComparison.Ordinal);
        Assert.Contains((EntityTypes.Organization, start, start + organisation.Length), Redaction.Findings(result));
    }

    [Fact]
    public async Task The_entities_option_selects_the_new_types_by_name()
    {
        string text = "Dear Mr. Fitzgerald, we met in Lyon on 5 May 2023 at 12 Oak Street with Acme Ltd.";

        (JsonObject? onlyPersons, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text, new JsonObject { ["entities"] = new JsonArray("PERSON") });
        (JsonObject? placesAndDates, JobPipeline.Processing.JobProcessorOutcome _) = await Redaction.RunTextAsync(text, new JsonObject { ["entities"] = "LOCATION,DATE_TIME" });

        Assert.Equal([EntityTypes.Person], Redaction.Findings(onlyPersons).Select(f => f.Type).Distinct());
        Assert.Equal([EntityTypes.Location, EntityTypes.DateTime], Redaction.Findings(placesAndDates).Select(f => f.Type));
    }

    [Fact]
    public async Task Names_are_found_in_CSV_cells_and_JSON_strings()
    {
        string csv = "name,note\nAnna Kowalski,moved to Lyon\n";
        string json = """{"customer": {"name": "Dear Mrs. Ottová", "phone": "+44 7700 900123"}}""";

        (JsonObject _, JobPipeline.Processing.JobProcessorOutcome _, string? csvDocument) = await Redaction.RunDocumentAsync(csv, "text/csv");
        (JsonObject _, JobPipeline.Processing.JobProcessorOutcome _, string? jsonDocument) = await Redaction.RunDocumentAsync(json, "application/json");

        Assert.Equal("name,note\n[PERSON_1],moved to [LOCATION_1]\n", csvDocument);
        JsonNode redacted = JsonNode.Parse(jsonDocument)!;
        Assert.Equal("Dear Mrs. [PERSON_1]", (string)redacted["customer"]!["name"]!);
        Assert.Equal("[PHONE_NUMBER_1]", (string)redacted["customer"]!["phone"]!);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(250)]
    [InlineData(256)]
    public async Task A_name_straddling_a_chunk_boundary_is_found_once_and_whole(int position)
    {
        RedactionOptions settings = Redaction.Settings with { ChunkChars = 256, OverlapChars = 64 };
        string text = new string('x', position - 9) + " met with Anna Kowalski today " + new string('y', 600);
        int start = text.IndexOf("Anna Kowalski", StringComparison.Ordinal);

        (JsonObject? result, JobPipeline.Processing.JobProcessorOutcome _, string _) = await Redaction.RunDocumentAsync(text, "text/plain", settings: settings);

        Assert.Equal([(EntityTypes.Person, start, start + 13)], Redaction.Findings(result));
    }
}
