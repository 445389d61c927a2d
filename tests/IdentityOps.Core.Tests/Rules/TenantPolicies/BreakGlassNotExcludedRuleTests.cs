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
        Assert.Contains("\"MFA everyone\" applies to the emergency-access account(s) user2@contoso.example named in this tenant's settings, with the grant control(s) Mfa, and does not exclude them", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("passkey (FIDO2 security key) or certificate-based authentication", finding.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("long random passwords", finding.Remediation, StringComparison.Ordinal);
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

    // Issue 17 item 5: a policy for Global Administrators is the one that locks the break-glass Global Administrators out
    // (before, only policies for all users were candidates).
    [Fact]
    public void A_policy_for_global_administrators_that_does_not_exclude_the_break_glass_administrators_is_found()
    {
        var inventory = new TenantInventory
        {
            Users = [User(1, "Break glass 1"), User(2, "Break glass 2")],
            RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator")],
            RoleAssignments = [RoleAssignment(GlobalAdministrator, Id(1)), RoleAssignment(GlobalAdministrator, Id(2))],
            Policies = [ConditionalAccess(4, "Phishing-resistant admins", "Enabled", [], includeUsers: [], includeRoles: [GlobalAdministrator], excludeUsers: [Id(2).ToString()], authenticationStrength: "Phishing-resistant MFA")],
        };

        var finding = RuleAssert.SingleFinding<BreakGlassNotExcludedRule>(inventory, WithBreakGlass);

        Assert.Equal(["user1@contoso.example"], RuleAssert.Strings(finding, "accountsNotExcluded"));
        Assert.Equal(["authentication strength Phishing-resistant MFA"], RuleAssert.Strings(finding, "grantControls"));
    }

    [Fact]
    public void A_policy_that_names_the_break_glass_accounts_themselves_is_meant_for_them()
        => RuleAssert.NoFinding<BreakGlassNotExcludedRule>(
            With(ConditionalAccess(5, "Break glass: phishing-resistant", "Enabled", [], includeUsers: [Id(1).ToString(), Id(2).ToString()], authenticationStrength: "Phishing-resistant MFA")),
            WithBreakGlass);

    [Fact]
    public void A_require_compliant_device_policy_for_all_users_locks_them_out_too()
        => Assert.Equal(
            ["user1@contoso.example", "user2@contoso.example"],
            RuleAssert.Strings(RuleAssert.SingleFinding<BreakGlassNotExcludedRule>(With(ConditionalAccess(6, "Compliant devices", "Enabled", ["CompliantDevice"])), WithBreakGlass), "accountsNotExcluded"));

    [Fact]
    public void Excluding_a_known_group_that_holds_the_accounts_counts_as_excluding_them()
        => RuleAssert.NoFinding<BreakGlassNotExcludedRule>(
            new TenantInventory
            {
                Users = [User(1, "Break glass 1"), User(2, "Break glass 2")],
                GroupMembers = [Member(700, 1), Member(700, 2)],
                Policies = [ConditionalAccess(7, "MFA everyone", "Enabled", ["Mfa"], excludeGroups: [Id(700).ToString()])],
            },
            WithBreakGlass);

    private static GroupMemberRecord Member(int group, int member) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, GroupId = Id(group), MemberId = Id(member), MemberType = "user", GroupDisplayName = "Emergency access",
    };
}
