using static JobPipeline.Tests.Infra.InfraSecurityChecker;

namespace JobPipeline.Tests.Infra;

/// <summary>The checker's assertions are real: each mutation of the Bicep sources trips exactly the rule it breaks.</summary>
public sealed class InfraMutationTests(MutatedInfra mutants) : IClassFixture<MutatedInfra>
{
    public static TheoryData<string> Mutations => new(MutatedInfra.Cases.Keys);

    [Fact]
    public void Every_mutant_still_compiles_so_that_only_the_checker_stands_between_it_and_a_deployment()
    {
        Assert.True(mutants.Build.IsClean, mutants.Build.ToString());
        Assert.Equal(MutatedInfra.Cases.Keys.Order(), mutants.Templates.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_mutant_is_caught_by_the_rule_it_breaks_and_by_no_other(string mutation)
    {
        string rule = MutatedInfra.Cases[mutation].Rule;

        IReadOnlyList<InfraViolation> violations = Check(mutants.Templates[mutation]);

        Assert.Equal([rule], violations.Select(v => v.Rule).Distinct());
    }
}
