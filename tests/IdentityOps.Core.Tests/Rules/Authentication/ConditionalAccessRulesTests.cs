using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

/// <summary>MFA, legacy authentication and device code: the tenant-wide Conditional Access gaps.</summary>
public sealed class ConditionalAccessRulesTests
{
    private static readonly TenantPolicyRecord ReportOnlyMfaForAll = ConditionalAccess(1, "Require MFA for all users", "EnabledForReportingButNotEnforced", ["Mfa"]);
    private static readonly TenantPolicyRecord AdminMfa = ConditionalAccess(2, "Require MFA for administrators", "Enabled", ["Mfa"], includeUsers: [], includeRoles: [GlobalAdministrator]);
    private static readonly TenantPolicyRecord MfaForAll = ConditionalAccess(3, "MFA everyone", "Enabled", ["Mfa"]);

    private static TenantInventory WithPolicies(bool securityDefaults, params TenantPolicyRecord[] policies) => new()
    {
        Policies = [SecurityDefaults(securityDefaults), .. policies],
        Users = [User(1), User(2)],
        RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator"), Role(UserAdministrator, "User Administrator")],
        RoleAssignments = [RoleAssignment(GlobalAdministrator, Id(1), "user"), RoleAssignment(UserAdministrator, Id(2), "user")],
    };

    [Fact]
    public void Report_only_mfa_for_all_is_no_mfa_for_all()
    {
        var finding = RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(false, ReportOnlyMfaForAll, AdminMfa));

        Assert.Equal("tenant", finding.ObjectId);
        Assert.Equal(["Require MFA for all users (EnabledForReportingButNotEnforced)"], RuleAssert.Strings(finding, "allUsersMfaPoliciesNotEnforced"));
        Assert.Equal(["Require MFA for administrators"], RuleAssert.Strings(finding, "narrowerMfaPolicies"));
        Assert.Contains("none of the tenant's 1 enabled Conditional Access policies requires MFA", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("A report-only policy only logs", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Mfa_offered_as_one_option_among_others_is_not_required()
        => RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(4, "MFA or compliant", "Enabled", ["Mfa", "CompliantDevice"])));

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Security_defaults_or_an_enabled_mfa_policy_for_all_pass(bool securityDefaults, bool policy)
        => RuleAssert.NoFinding<NoMfaForAllUsersRule>(policy ? WithPolicies(securityDefaults, MfaForAll) : WithPolicies(securityDefaults));

    [Fact]
    public void An_authentication_strength_counts_as_mfa()
        => RuleAssert.NoFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(5, "Phishing-resistant", "Enabled", [], authenticationStrength: "Phishing-resistant MFA")));

    [Fact]
    public void Mfa_for_all_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<NoMfaForAllUsersRule>(WithPolicies(false));

    [Fact]
    public void Disabled_legacy_block_leaves_legacy_authentication_open_and_seen_sign_ins_weigh_more()
    {
        var inventory = WithPolicies(false, ConditionalAccess(6, "Block legacy authentication", "Disabled", ["Block"], clientAppTypes: ["ExchangeActiveSync", "Other"]));
        inventory = new TenantInventory { Policies = inventory.Policies, SignIns = [LegacySignIn(Id(1), Id(500), "IMAP4", new DateOnly(2026, 11, 20), 3)] };

        var finding = RuleAssert.SingleFinding<NoLegacyAuthenticationBlockRule>(inventory);

        Assert.Equal(["Block legacy authentication (Disabled)"], RuleAssert.Strings(finding, "legacyBlockPoliciesNotEnforced"));
        Assert.Equal("3 legacy sign-ins by 1 user(s) are in the collected sign-in log", Assert.Single(finding.Signals).Reason);
        Assert.Contains("A policy that would do so exists but is not enforced: Block legacy authentication (Disabled).", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocking_only_activesync_is_narrower()
        => Assert.Equal(
            ["ActiveSync only"],
            RuleAssert.Strings(RuleAssert.SingleFinding<NoLegacyAuthenticationBlockRule>(WithPolicies(false, ConditionalAccess(7, "ActiveSync only", "Enabled", ["Block"], clientAppTypes: ["ExchangeActiveSync"]))), "narrowerLegacyBlockPolicies"));

    [Fact]
    public void Enabled_legacy_block_for_all_passes()
        => RuleAssert.NoFinding<NoLegacyAuthenticationBlockRule>(WithPolicies(false, ConditionalAccess(8, "Block legacy", "Enabled", ["Block"], clientAppTypes: ["ExchangeActiveSync", "Other"], excludeUsers: [Id(9).ToString()])));

    [Fact]
    public void Legacy_block_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<NoLegacyAuthenticationBlockRule>(WithPolicies(false));

    [Fact]
    public void Admin_mfa_policy_that_misses_user_administrator_leaves_that_role_uncovered()
    {
        var finding = RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(WithPolicies(false, AdminMfa, ReportOnlyMfaForAll));

        Assert.Equal(["User Administrator"], RuleAssert.Strings(finding, "uncoveredRoles"));
        Assert.Equal(1, finding.Evidence["principalsInUncoveredRoles"]);
        Assert.Empty(finding.Signals);
        Assert.Contains("these privileged roles, which 1 principal(s) hold: User Administrator.", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void No_mfa_policy_at_all_leaves_global_administrator_uncovered()
        => Assert.Equal("global-administrator-uncovered", Assert.Single(RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(WithPolicies(false)).Signals).Name);

    [Fact]
    public void Mfa_for_all_users_covers_every_admin_role() => RuleAssert.NoFinding<AdminMfaNotEnforcedRule>(WithPolicies(false, MfaForAll));

    [Fact]
    public void Admin_mfa_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<AdminMfaNotEnforcedRule>(WithPolicies(false));

    [Fact]
    public void Without_a_device_code_block_the_flow_is_open()
    {
        var finding = RuleAssert.SingleFinding<DeviceCodeFlowNotBlockedRule>(WithPolicies(false, MfaForAll, ConditionalAccess(9, "Block device code (pilot)", "EnabledForReportingButNotEnforced", ["Block"], authenticationFlows: "DeviceCodeFlow")));

        Assert.Equal(["Block device code (pilot) (EnabledForReportingButNotEnforced)"], RuleAssert.Strings(finding, "deviceCodePoliciesNotEnforced"));
        Assert.Contains("None of the tenant's 1 enabled Conditional Access policies blocks the device code flow", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enabled_device_code_block_for_all_passes()
        => RuleAssert.NoFinding<DeviceCodeFlowNotBlockedRule>(WithPolicies(false, ConditionalAccess(10, "Block device code", "Enabled", ["Block"], authenticationFlows: "DeviceCodeFlow, AuthenticationTransfer")));

    [Fact]
    public void Device_code_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<DeviceCodeFlowNotBlockedRule>(WithPolicies(false));
}
