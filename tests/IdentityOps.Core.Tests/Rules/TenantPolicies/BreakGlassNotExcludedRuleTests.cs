using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

public sealed class BreakGlassNotExcludedRuleTests
{
    private static readonly RuleSettings WithBreakGlass = RuleSettings.Default with { BreakGlassAccounts = [Id(1), Id(2)] };

    private static TenantInventory With(params Core.Inventory.TenantPolicyRecord[] policies) => new()
    {
        Users = [User(1, "Break glass 1"), User(2, "Break glass 2")],
        Policies = policies,
    };

    [Fact]
    public void Mfa_for_all_policy_excluding_only_one_of_two_break_glass_accounts_is_found()
    {
        var inventory = With(ConditionalAccess(1, "MFA everyone", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()]));

        var finding = RuleAssert.SingleFinding<BreakGlassNotExcludedRule>(inventory, WithBreakGlass);

        Assert.Equal("ca-1", finding.ObjectId);
        Assert.Equal(["user2@contoso.example"], RuleAssert.Strings(finding, "accountsNotExcluded"));
        Assert.Contains("\"MFA everyone\" applies to all users with the grant control(s) Mfa, and does not exclude the emergency-access account(s) user2@contoso.example", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excluded_group_halves_the_weight_because_its_members_are_unknown()
    {
        var inventory = With(ConditionalAccess(1, "Block legacy", "Enabled", ["Block"], excludeGroups: [Id(700).ToString()]));

        var finding = RuleAssert.SingleFinding<BreakGlassNotExcludedRule>(inventory, WithBreakGlass);

        Assert.Equal(4m, finding.Score);
        Assert.Contains("It excludes 1 group(s), whose members this scan does not read", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_that_exclude_both_accounts_report_only_ones_and_role_scoped_ones_pass()
        => RuleAssert.NoFinding<BreakGlassNotExcludedRule>(
            With(
                ConditionalAccess(1, "MFA everyone", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString(), Id(2).ToString().ToUpperInvariant()]),
                ConditionalAccess(2, "Pilot", "EnabledForReportingButNotEnforced", ["Block"]),
                ConditionalAccess(3, "Admins", "Enabled", ["Mfa"], includeUsers: [], includeRoles: ["62e90394-69f5-4237-9190-012177145e10"])),
            WithBreakGlass);

    [Fact]
    public void With_no_break_glass_accounts_configured_nothing_is_judged()
    {
        var evaluation = RuleAssert.Run<BreakGlassNotExcludedRule>(With(ConditionalAccess(1, "MFA everyone", "Enabled", ["Mfa"])));

        Assert.Empty(evaluation.Findings);
        Assert.Equal((true, 0), (evaluation.Outcomes.Single().Evaluated, evaluation.Outcomes.Single().ObjectsEvaluated));
    }

    [Fact]
    public void Break_glass_rule_is_not_evaluated_without_conditional_access()
        => RuleAssert.NotEvaluatedWithout<BreakGlassNotExcludedRule>(With(ConditionalAccess(1, "MFA everyone", "Enabled", ["Mfa"])));
}
