using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using IdentityOps.Core.Rules.Engine;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

/// <summary>The risk-based Conditional Access rules (issue 19): CISA MS.AAD.2.1/2.3, Maester MT.1012, MT.1013 and MT.1049.</summary>
public sealed class RiskPolicyRulesTests
{
    private static readonly RuleSettings BreakGlass = RuleSettings.Default with { BreakGlassAccounts = [Id(1)] };

    private static readonly TenantPolicyRecord BlockHighUserRisk = ConditionalAccess(1, "Block high-risk users", "Enabled", ["Block"], excludeUsers: [Id(1).ToString()], conditions: new CaConditions(UserRiskLevels: ["High"]));
    private static readonly TenantPolicyRecord BlockHighSignInRisk = ConditionalAccess(2, "Block high-risk sign-ins", "Enabled", ["Block"], excludeUsers: [Id(1).ToString()], conditions: new CaConditions(SignInRiskLevels: ["High"]));
    private static readonly TenantPolicyRecord MfaForRiskySignIns = ConditionalAccess(3, "MFA for risky sign-ins", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()], conditions: new CaConditions(SignInRiskLevels: ["High", "Medium"]));
    private static readonly TenantPolicyRecord PasswordChangeForHighUserRisk = ConditionalAccess(4, "Password change for high-risk users", "Enabled", ["Mfa", "PasswordChange"], excludeUsers: [Id(1).ToString()], grantOperator: "AND", conditions: new CaConditions(UserRiskLevels: ["High"]));

    private static TenantInventory WithPolicies(bool p2, params TenantPolicyRecord[] policies) => new()
    {
        Policies = [Organization(p2), .. policies],
        Users = [User(1), User(2), User(3)],
    };

    private static TenantPolicyRecord Organization(bool p2)
        => Policy("organization", Tenant.ToString(), JsonSerializer.Serialize(new { entraIdP1 = true, entraIdP2 = p2, verifiedDomains = new[] { "contoso.example" } }), name: "Contoso");

    [Fact]
    public void Microsofts_risk_templates_pass_the_remediation_rules_and_leave_the_cisa_blocks_as_low_findings()
    {
        var inventory = WithPolicies(true, MfaForRiskySignIns, PasswordChangeForHighUserRisk);

        RuleAssert.NoFinding<RiskySignInsNoMfaRule>(inventory, BreakGlass);
        RuleAssert.NoFinding<HighUserRiskNotRemediatedRule>(inventory, BreakGlass);
        RuleAssert.NoFinding<RiskConditionsCombinedRule>(inventory, BreakGlass);
        var users = RuleAssert.SingleFinding<HighRiskUsersNotBlockedRule>(inventory, BreakGlass);
        Assert.Equal(Severity.Low, users.Rule.Severity);
        Assert.Equal(["Password change for high-risk users (user risk High; grant Mfa AND PasswordChange)"], RuleAssert.Strings(users, "riskPolicies"));
        Assert.Contains("Enabled policies act on user risk in another way: Password change for high-risk users", users.Explanation, StringComparison.Ordinal);
        Assert.Equal(["MFA for risky sign-ins (sign-in risk High, Medium; grant Mfa)"], RuleAssert.Strings(RuleAssert.SingleFinding<HighRiskSignInsNotBlockedRule>(inventory, BreakGlass), "riskPolicies"));
    }

    [Fact]
    public void Cisa_blocks_for_all_but_break_glass_pass_every_gap_rule()
    {
        var inventory = WithPolicies(true, BlockHighUserRisk, BlockHighSignInRisk);

        RuleAssert.NoFinding<HighRiskUsersNotBlockedRule>(inventory, BreakGlass);
        RuleAssert.NoFinding<HighRiskSignInsNotBlockedRule>(inventory, BreakGlass);
        RuleAssert.NoFinding<HighUserRiskNotRemediatedRule>(inventory, BreakGlass);

        // A block at high sign-in risk alone leaves medium-risk sign-ins without MFA.
        RuleAssert.SingleFinding<RiskySignInsNoMfaRule>(inventory, BreakGlass);
    }

    [Fact]
    public void No_risk_policy_at_all_is_a_gap_for_each_rule()
    {
        var inventory = WithPolicies(true);

        Assert.Empty(RuleAssert.Strings(RuleAssert.SingleFinding<RiskySignInsNoMfaRule>(inventory), "riskPolicies"));
        Assert.Contains("No enabled Conditional Access policy requires a password change (or blocks) at high user risk", RuleAssert.SingleFinding<HighUserRiskNotRemediatedRule>(inventory).Explanation, StringComparison.Ordinal);
        RuleAssert.SingleFinding<HighRiskUsersNotBlockedRule>(inventory);
        RuleAssert.SingleFinding<HighRiskSignInsNotBlockedRule>(inventory);
    }

    [Fact]
    public void A_risk_policy_excluding_ordinary_users_report_only_or_narrowed_does_not_pass_and_says_why()
    {
        var inventory = WithPolicies(
            true,
            ConditionalAccess(5, "Pilot", "EnabledForReportingButNotEnforced", ["Mfa"], conditions: new CaConditions(SignInRiskLevels: ["High", "Medium"])),
            ConditionalAccess(6, "Outside offices", "Enabled", ["Mfa"], conditions: new CaConditions(SignInRiskLevels: ["High", "Medium"], ExcludeLocations: ["AllTrusted"])),
            ConditionalAccess(7, "Most users", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString(), Id(2).ToString()], conditions: new CaConditions(SignInRiskLevels: ["High", "Medium"])));

        var finding = RuleAssert.SingleFinding<RiskySignInsNoMfaRule>(inventory, BreakGlass);

        Assert.Equal(["Pilot (EnabledForReportingButNotEnforced)"], RuleAssert.Strings(finding, "policiesNotEnforced"));
        Assert.Equal(["Outside offices: not from trusted locations"], RuleAssert.Strings(finding, "narrowerPolicies"));
        Assert.Equal(["Most users: excludes 1 user(s) (user2@contoso.example); covers 1 of 3 enabled users (33%)"], RuleAssert.Strings(finding, "policiesWithExclusions"));
    }

    // MT.1049: a policy applies only when all its conditions are met, so user risk and sign-in risk in one policy act
    // only together; such a policy passes neither MT.1012 here nor MT.1013.
    [Fact]
    public void User_risk_and_sign_in_risk_in_one_policy_is_flagged_and_covers_neither_risk()
    {
        var combined = ConditionalAccess(8, "Risky users and sign-ins", "Enabled", ["Mfa", "PasswordChange"], grantOperator: "AND", conditions: new CaConditions(SignInRiskLevels: ["High", "Medium"], UserRiskLevels: ["High"]));
        var inventory = WithPolicies(true, combined, ConditionalAccess(9, "Report-only combined", "EnabledForReportingButNotEnforced", ["Block"], conditions: new CaConditions(SignInRiskLevels: ["High"], UserRiskLevels: ["High"])));

        var finding = RuleAssert.SingleFinding<RiskConditionsCombinedRule>(inventory);

        Assert.Equal(("ca-8", "Risky users and sign-ins"), (finding.ObjectId, finding.ObjectDisplayName));
        Assert.Equal(["High"], RuleAssert.Strings(finding, "userRiskLevels"));
        Assert.Equal(["High", "Medium"], RuleAssert.Strings(finding, "signInRiskLevels"));
        Assert.Contains("acts only on a risky sign-in by a user who is also at risk", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(["Risky users and sign-ins: only at user risk High"], RuleAssert.Strings(RuleAssert.SingleFinding<RiskySignInsNoMfaRule>(inventory), "narrowerPolicies"));
        Assert.Equal(["Risky users and sign-ins: only at sign-in risk High, Medium"], RuleAssert.Strings(RuleAssert.SingleFinding<HighUserRiskNotRemediatedRule>(inventory), "narrowerPolicies"));
    }

    [Fact]
    public void Separate_risk_policies_are_not_flagged_as_combined()
        => RuleAssert.NoFinding<RiskConditionsCombinedRule>(WithPolicies(true, BlockHighUserRisk, MfaForRiskySignIns));

    [Theory]
    [InlineData(typeof(HighRiskUsersNotBlockedRule))]
    [InlineData(typeof(HighRiskSignInsNotBlockedRule))]
    [InlineData(typeof(RiskySignInsNoMfaRule))]
    [InlineData(typeof(HighUserRiskNotRemediatedRule))]
    [InlineData(typeof(RiskConditionsCombinedRule))]
    public void Without_entra_id_p2_the_risk_rules_are_not_evaluated(Type ruleType)
    {
        var rule = (PostureRule)Activator.CreateInstance(ruleType)!;
        var evaluation = new RuleEngine(new RuleCatalog([rule])).Evaluate(WithPolicies(false), Facts());

        var outcome = Assert.Single(evaluation.Outcomes);
        Assert.False(outcome.Evaluated);
        Assert.Equal("not evaluated: organization: the tenant has no Microsoft Entra ID P2 (or ID Governance) licence, which Identity Protection's user and sign-in risk levels need", outcome.NotEvaluatedReason);
        Assert.Empty(evaluation.Findings);
    }

    [Fact]
    public void Without_the_policies_or_the_organization_the_risk_rules_are_not_evaluated()
    {
        RuleAssert.NotEvaluatedWithout<RiskySignInsNoMfaRule>(WithPolicies(true));
        RuleAssert.NotEvaluatedWithout<HighRiskUsersNotBlockedRule>(WithPolicies(true), "organization");
        RuleAssert.NotEvaluatedWithout<RiskConditionsCombinedRule>(WithPolicies(true));
    }
}
