using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Engine;

/// <summary>One object and one cause give one finding, carrying the other rule as a signal (docs/risk-score.md).</summary>
public sealed class OneFindingPerCauseTests
{
    private static readonly RuleCatalog Catalog = new();

    private static readonly DateTimeOffset Year9999 = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>A first-party service principal with a secret, an app with a never-ending secret, and an ordinary service principal with a secret.</summary>
    private static TenantInventory Overlapping()
    {
        var exchange = ServicePrincipal(3, Id(30_003), "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
        var vendor = ServicePrincipal(4, Id(30_004), "Payroll connector", Id(40_004));
        var app = App(1, "Nightly export");
        return new TenantInventory
        {
            Applications = [app],
            ServicePrincipals = [exchange, vendor],
            Credentials =
            [
                Secret(exchange.ObjectId, 1, AsOf.AddDays(-12), AsOf.AddDays(168), CredentialOwnerKind.ServicePrincipal),
                Secret(vendor.ObjectId, 2, AsOf.AddDays(-12), AsOf.AddDays(168), CredentialOwnerKind.ServicePrincipal),
                Secret(app.ObjectId, 3, AsOf.AddDays(-400), Year9999),
            ],
        };
    }

    [Fact]
    public void A_secret_on_a_first_party_service_principal_is_one_critical_finding_carrying_both_rules()
    {
        var findings = new RuleEngine(Catalog).Evaluate(Overlapping(), Facts()).Findings.Where(f => f.ObjectId == Id(3).ToString()).ToList();

        var finding = Assert.Single(findings);
        Assert.Equal(("sp-credential-on-first-party", Severity.Critical, 40m), (finding.Rule.Id, finding.Rule.Severity, finding.Score));
        var also = Assert.Single(finding.Signals, s => s.Name == "also-sp-credential-on-service-principal");
        Assert.Equal(1m, also.Factor);
    }

    [Fact]
    public void A_secret_on_an_ordinary_service_principal_stays_its_own_finding()
    {
        var finding = Assert.Single(new RuleEngine(Catalog).Evaluate(Overlapping(), Facts()).Findings, f => f.ObjectId == Id(4).ToString() && f.Rule.Id == "sp-credential-on-service-principal");

        Assert.DoesNotContain(finding.Signals, s => s.Name.StartsWith("also-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_never_ending_secret_is_not_also_reported_as_a_long_lifetime()
    {
        var finding = Assert.Single(
            new RuleEngine(Catalog).Evaluate(Overlapping(), Facts()).Findings,
            f => f.ObjectId == Id(1).ToString() && f.Rule.Id is "app-secret-no-realistic-end" or "app-secret-lifetime-over-1y");

        Assert.Equal("app-secret-no-realistic-end", finding.Rule.Id);
        Assert.Contains(finding.Signals, s => s.Name == "also-app-secret-lifetime-over-1y");
    }

    [Fact]
    public void No_object_carries_findings_of_both_rules_of_an_overlap_and_their_outcomes_still_count_it_at_fault()
    {
        var evaluation = new RuleEngine(Catalog).Evaluate(Overlapping(), Facts());

        foreach (var overlap in RuleOverlaps.All)
        {
            var kept = evaluation.Findings.Where(f => f.Rule.Id == overlap.ReportedUnder).Select(f => f.ObjectId).ToHashSet();
            var twice = evaluation.Findings.Where(f => f.Rule.Id == overlap.RuleId && kept.Contains(f.ObjectId)).ToList();
            Assert.True(twice.Count == 0, $"{overlap.RuleId} and {overlap.ReportedUnder} both reported {string.Join(", ", twice.Select(f => f.ObjectId))}");
        }

        // Folded is not passed: the service-principal rule found two objects at fault, whichever rule reports them.
        Assert.Equal((2, 2, 0), evaluation.Outcomes.Where(o => o.Rule.Id == "sp-credential-on-service-principal").Select(o => (o.ObjectsEvaluated, o.Findings, o.Passed)).Single());
    }

    [Fact]
    public void Evidence_that_differs_keeps_two_findings()
    {
        RuleOverlap[] overlaps = [new("test-folded", "test-kept", "test", [("owner", "owners")])];
        var kept = Finding("test-kept", Severity.High, 20m, new Evidence { { "owners", new[] { "a", "b" } } });

        var same = OneFindingPerCause.Apply([Finding("test-folded", Severity.Low, 2m, new Evidence { { "owner", "a" } }), kept], overlaps);
        var other = OneFindingPerCause.Apply([Finding("test-folded", Severity.Low, 2m, new Evidence { { "owner", "c" } }), kept], overlaps);

        Assert.Equal(["test-kept"], same.Select(f => f.Rule.Id));
        Assert.Equal(["test-folded", "test-kept"], other.Select(f => f.Rule.Id));
    }

    [Fact]
    public void A_chain_folds_into_its_last_rule_and_never_scores_lower_than_a_folded_finding()
    {
        RuleOverlap[] overlaps = [new("test-a", "test-b", "test"), new("test-b", "test-c", "test")];
        var first = Finding("test-a", Severity.High, 40m, new Evidence(), new ScoreSignal("boost", 2m, "test"));

        var finding = Assert.Single(OneFindingPerCause.Apply([first, Finding("test-b", Severity.Medium, 8m, new Evidence()), Finding("test-c", Severity.High, 20m, new Evidence())], overlaps));

        Assert.Equal("test-c", finding.Rule.Id);
        Assert.Equal(["also-test-a", "also-test-b"], finding.Signals.Select(s => s.Name));
        Assert.Equal(40m, finding.Score);
    }

    private static EvaluatedFinding Finding(string ruleId, Severity severity, decimal score, Evidence evidence, params ScoreSignal[] signals)
        => new(
            new RuleDefinition(ruleId, ruleId, RuleCategory.TenantPolicies, severity, ObjectTypes.Tenant, ["applications"], [.. evidence.Names], [FrameworkReference.Entra(EntraRecommendation.RemoveUnusedApplications)]),
            "same", "x", evidence, signals, score, "", "");
}
