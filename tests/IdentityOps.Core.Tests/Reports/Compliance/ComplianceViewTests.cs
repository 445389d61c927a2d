using System.Text;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Reports.Compliance;

/// <summary>
/// The compliance view's promises, over rules defined here (the catalogue changes; these promises do not): a control
/// fails on any finding of a rule that maps it, is "not evaluated" when a mapped rule could not be evaluated, and
/// passes otherwise with what the scan observed; partial mappings say so; the order is the frameworks' numbering.
/// </summary>
public sealed class ComplianceViewTests
{
    private static readonly RuleDefinition AppRegistration = new(
        "policy-users-can-register-apps", "Users can register applications", RuleCategory.TenantPolicies, Severity.Low, ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"], ["displayName", "allowedToCreateApps"],
        [FrameworkReference.Cis("5.1.2.2"), FrameworkReference.Eidsca("EIDSCA.AP10"), FrameworkReference.Attack("T1098.001")]);

    private static readonly RuleDefinition SecretExpired = new(
        "app-secret-expired", "Expired secret", RuleCategory.ApplicationsAndCredentials, Severity.Medium, ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "passwordCredentials")], ["secretEnds"],
        [FrameworkReference.Maester("MT.1010").Partially("also counts secrets that expired more than a year ago"), FrameworkReference.Cis("5.1.2.10")]);

    private static readonly RuleDefinition SignInRisk = new(
        "ca-sign-in-risk", "No sign-in risk policy", RuleCategory.AuthenticationAndMfa, Severity.High, ObjectTypes.Tenant,
        [.. RuleInputs.Collection("riskPolicies", "signInRiskLevels")], [],
        [FrameworkReference.Cis("5.2.2.9"), FrameworkReference.Scuba("MS.AAD.2.3v1")]);

    private static readonly RuleDefinition RetiredLater = new(
        "app-new-rule", "A rule added after the scan", RuleCategory.ApplicationsAndCredentials, Severity.Low, ObjectTypes.Application,
        ["applications"], [], [FrameworkReference.Scuba("MS.AAD.2.3v1")]);

    private static readonly RuleDefinition[] Rules = [AppRegistration, SecretExpired, SignInRisk, RetiredLater];

    [Fact]
    public void A_passed_policy_control_cites_the_observed_setting_and_the_scan()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        var control = Control(view, Frameworks.Cis, "5.1.2.2");
        Assert.Equal(ControlStatus.Pass, control.Status);
        Assert.Equal(
            $"{Frameworks.Cis} 5.1.2.2 — Pass (authorizationPolicy: allowedToCreateApps = false; scan {ScanOfRecords} of 2026-11-25 00:00 UTC)",
            control.Statement);
    }

    [Fact]
    public void A_passed_object_control_counts_the_objects_evaluated()
    {
        var view = ComplianceViewBuilder.Build(Report(findings: []), Rules);

        var control = Control(view, Frameworks.Cis, "5.1.2.10");
        Assert.Equal(ControlStatus.Pass, control.Status);
        Assert.Equal("14 objects evaluated, none failed", Assert.Single(control.Rules).Why);
    }

    [Fact]
    public void An_open_finding_fails_every_control_its_rule_maps_and_lists_the_object()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        foreach (var (framework, id) in new[] { (Frameworks.Cis, "5.1.2.10"), (Frameworks.Maester, "MT.1010") })
        {
            var control = Control(view, framework, id);
            Assert.Equal(ControlStatus.Fail, control.Status);
            Assert.False(control.RiskAccepted);
            var rule = Assert.Single(control.Rules);
            Assert.Equal("1 of 14 objects evaluated failed", rule.Why);
            Assert.Equal(Id(1).ToString(), Assert.Single(rule.Findings).ObjectId);
        }
    }

    [Fact]
    public void A_control_failed_only_by_accepted_findings_is_a_failure_marked_risk_accepted()
    {
        var view = ComplianceViewBuilder.Build(Report(accepted: true), Rules);

        var control = Control(view, Frameworks.Cis, "5.1.2.10");
        Assert.Equal(ControlStatus.Fail, control.Status);
        Assert.True(control.RiskAccepted);
        Assert.Equal("Fail (risk accepted)", control.StatusText);
        Assert.Contains("risk accepted until 2027-01-24 00:00 UTC: Vendor retires it", ComplianceText.Finding(Assert.Single(Assert.Single(control.Rules).Findings)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_could_not_be_evaluated_makes_its_controls_not_evaluated_with_the_reason()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        var control = Control(view, Frameworks.Cis, "5.2.2.9");
        Assert.Equal(ControlStatus.NotEvaluated, control.Status);
        Assert.Equal("riskPolicies unavailable (no Entra ID P2 licence)", Assert.Single(control.Rules).Why);
    }

    [Fact]
    public void A_rule_with_no_outcome_in_the_scan_is_not_a_pass()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        var control = Control(view, Frameworks.Scuba, "MS.AAD.2.3v1");
        Assert.Equal(ControlStatus.NotEvaluated, control.Status);
        Assert.Equal("the rule was not evaluated in this scan", control.Rules.Single(r => r.RuleId == RetiredLater.Id).Why);
    }

    [Fact]
    public void A_partial_mapping_is_labelled_with_its_difference()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        var partial = Control(view, Frameworks.Maester, "MT.1010");
        Assert.True(partial.IsPartial);
        Assert.Equal("Fail, partial mapping", partial.StatusText);
        Assert.Equal("also counts secrets that expired more than a year ago", Assert.Single(partial.Rules).Difference);
        Assert.False(Control(view, Frameworks.Cis, "5.1.2.10").IsPartial);
    }

    [Fact]
    public void A_finding_folded_into_another_rules_finding_fails_the_folded_rules_controls_too()
    {
        var folded = Finding(SignInRisk, 7, signals: $"[{{\"name\":\"also-{SecretExpired.Id}\",\"factor\":1.0,\"reason\":\"same cause\"}}]");
        var view = ComplianceViewBuilder.Build(Report(findings: [folded]), Rules);

        var finding = Assert.Single(Assert.Single(Control(view, Frameworks.Cis, "5.1.2.10").Rules).Findings);
        Assert.Equal(SignInRisk.Id, finding.ReportedUnder);
    }

    [Fact]
    public void Only_the_peer_frameworks_are_shown_and_controls_follow_the_frameworks_numbering()
    {
        var view = ComplianceViewBuilder.Build(Report(), Rules);

        Assert.Equal([Frameworks.Scuba, Frameworks.Eidsca, Frameworks.Maester, Frameworks.Cis], view.Frameworks.Select(f => f.Name));
        Assert.Equal(["5.1.2.2", "5.1.2.10", "5.2.2.9"], view.Frameworks.Single(f => f.Name == Frameworks.Cis).Controls.Select(c => c.Control));
        Assert.Equal(
            ["MS.AAD.1.1v1", "MS.AAD.2.3v1", "MS.AAD.3.2v2", "MS.AAD.3.9v1", "MS.AAD.3.10v1", "MS.AAD.10.1v1"],
            new[] { "MS.AAD.3.10v1", "MS.AAD.10.1v1", "MS.AAD.3.2v2", "MS.AAD.1.1v1", "MS.AAD.3.9v1", "MS.AAD.2.3v1" }.Order(ControlIdComparer.Instance));
    }

    [Fact]
    public void The_same_scan_gives_the_same_compliance_json_whatever_order_the_rules_come_in()
    {
        var once = ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(Report(), Rules));
        var reversed = ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(Report(), [.. Rules.Reverse()]));

        Assert.Equal(Encoding.UTF8.GetString(once), Encoding.UTF8.GetString(reversed));
    }

    private static ComplianceControl Control(ComplianceView view, string framework, string control)
        => view.Frameworks.Single(f => f.Name == framework).Controls.Single(c => c.Control == control);

    private static ReportFinding Finding(RuleDefinition rule, int n, RiskAcceptance? acceptance = null, string signals = "[]")
        => new(
            new Finding
            {
                TenantId = Tenant, ScanId = ScanOfRecords, Id = Id(100 + n), RuleId = rule.Id, Severity = rule.Severity.ToString(), Category = rule.Category.Key(),
                ObjectType = rule.ObjectType, ObjectId = Id(n).ToString(), ObjectDisplayName = $"Object {n}", Evidence = "{}", Signals = signals,
                Explanation = "", Remediation = "", Score = 5m, AcceptanceId = acceptance?.Id,
            },
            rule,
            acceptance);

    private static ScanReport Report(IReadOnlyList<ReportFinding>? findings = null, bool accepted = false)
    {
        var acceptance = accepted
            ? new RiskAcceptance
            {
                TenantId = Tenant, Id = Id(77), RuleId = SecretExpired.Id, ObjectId = Id(1).ToString(), Reason = "Vendor retires it",
                AcceptedBy = Id(5), AcceptedAt = AsOf, ExpiresAt = AsOf.AddDays(60),
            }
            : null;
        return new ScanReport(
            Tenant, "Contoso", ScanOfRecords, AsOf, 90, [],
            findings ?? [Finding(SecretExpired, 1, acceptance)],
            [new NotEvaluatedRule(SignInRisk.Id, SignInRisk.Title, "riskPolicies unavailable (no Entra ID P2 licence)")],
            2, [], [], HasPreviousScan: false,
            [new EvaluatedRule(AppRegistration.Id, 1), new EvaluatedRule(SecretExpired.Id, 14)],
            [new ObservedPolicy("authorizationPolicy", "authorizationPolicy", "Authorization Policy", "{\"allowedToCreateApps\":false,\"allowInvitesFrom\":\"everyone\"}")]);
    }
}
