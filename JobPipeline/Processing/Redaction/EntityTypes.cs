namespace JobPipeline.Processing.Redaction;

/// <summary>The entity types the <c>redact</c> job finds on its own, as named in <c>options.entities</c> and in findings.</summary>
public static class EntityTypes
{
    /// <summary>An e-mail address whose domain is well formed.</summary>
    public const string EmailAddress = "EMAIL_ADDRESS";

    /// <summary>A phone number: international and possible for its country, valid for the default region, or shaped and worded like one.</summary>
    public const string PhoneNumber = "PHONE_NUMBER";

    /// <summary>A payment card number: 12–19 digits, a known issuer prefix, and a correct Luhn check digit.</summary>
    public const string CreditCard = "CREDIT_CARD";

    /// <summary>An IBAN with the length of its country and a correct ISO 7064 mod-97 check.</summary>
    public const string IbanCode = "IBAN_CODE";

    /// <summary>A US social security number outside the never-issued areas, groups and serials.</summary>
    public const string UsSsn = "US_SSN";

    /// <summary>An IPv4 or IPv6 address that parses.</summary>
    public const string IpAddress = "IP_ADDRESS";

    /// <summary>An http, https or ftp URL (or one starting with www.) that parses as an absolute URI.</summary>
    public const string Url = "URL";

    /// <summary>An AWS access key id (AKIA…, ASIA…).</summary>
    public const string AwsAccessKeyId = "AWS_ACCESS_KEY_ID";

    /// <summary>A JSON Web Token whose header decodes to a JSON object with an <c>alg</c>.</summary>
    public const string Jwt = "JWT";

    /// <summary>A person's name, weighed from name lexicons, titles, labels, greetings and capitalisation.</summary>
    public const string Person = "PERSON";

    /// <summary>A city, country or region from the lexicons, where capitalisation and context make it a place.</summary>
    public const string Location = "LOCATION";

    /// <summary>An organisation whose name ends in a legal form (Inc, GmbH…) or a kind (Bank, University…).</summary>
    public const string Organization = "ORGANIZATION";

    /// <summary>A date (ISO, numeric, or with a written month) or a clock time.</summary>
    public const string DateTime = "DATE_TIME";

    /// <summary>A street address (number and street, with the city and postal code that follow), or a labelled postal code.</summary>
    public const string StreetAddress = "STREET_ADDRESS";

    /// <summary>A term of the request's <c>options.deny_list</c>.</summary>
    public const string DenyList = "DENY_LIST";

    /// <summary>Every built-in type that <c>options.entities</c> may name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EmailAddress, PhoneNumber, CreditCard, IbanCode, UsSsn, IpAddress, Url, AwsAccessKeyId, Jwt, Person, Location, Organization, DateTime, StreetAddress];
}
