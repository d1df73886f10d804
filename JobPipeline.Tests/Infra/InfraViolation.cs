namespace JobPipeline.Tests.Infra;

/// <summary>One broken security rule in a compiled template: which rule, where, and what was found.</summary>
public sealed record InfraViolation(string Rule, string Location, string Detail)
{
    public override string ToString() => $"{Rule} at {Location}: {Detail}";
}
