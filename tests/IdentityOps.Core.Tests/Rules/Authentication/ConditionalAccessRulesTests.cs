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

    // Issue 17 item 4: a policy for all users that applies only under risk, from some locations, on some platforms or
    // devices, or that excludes applications, is not MFA for everyone (each case passed before: TargetsEveryone was enough).
    private static readonly (string Name, CaConditions Conditions, string Expected)[] NarrowedMfaForAll =
    [
        ("Risky sign-ins", new CaConditions(SignInRiskLevels: ["High", "Medium"]), "Risky sign-ins: only at sign-in risk High, Medium"),
        ("Risky users", new CaConditions(UserRiskLevels: ["High"]), "Risky users: only at user risk High"),
        ("Outside the office", new CaConditions(IncludeLocations: ["All"], ExcludeLocations: ["AllTrusted"]), "Outside the office: not from trusted locations"),
        ("Two countries", new CaConditions(IncludeLocations: [Id(801).ToString(), Id(802).ToString()]), "Two countries: only from 2 named location(s)"),
        ("Phones", new CaConditions(IncludePlatforms: ["Android", "IOS"]), "Phones: only on Android, IOS"),
        ("Most apps", new CaConditions(ExcludeApplications: [Id(900).ToString()]), "Most apps: excludes 1 application(s)"),
        ("Some devices", new CaConditions(DeviceFilterMode: "Include"), "Some devices: only on devices matching a filter"),
    ];

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

    // As ScubaGear's IsGeneralMFA: a custom strength that allows a single factor lets a password alone through (before,
    // any authentication strength counted as MFA).
    [Fact]
    public void A_custom_strength_that_allows_a_password_alone_is_not_mfa()
        => RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(
            32, "Custom strength", "Enabled", [], authenticationStrength: "Password or app", conditions: new CaConditions(StrengthCombinations: ["Password", "Password, MicrosoftAuthenticatorPush"]))));

    [Fact]
    public void A_strength_of_multifactor_combinations_only_is_mfa()
        => RuleAssert.NoFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(
            33, "MFA strength", "Enabled", [], authenticationStrength: "Multifactor authentication", conditions: new CaConditions(StrengthCombinations: ["Fido2", "Password, Sms", "DeviceBasedPush"]))));

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
    public void Enabled_legacy_block_for_all_but_the_break_glass_account_passes()
        => RuleAssert.NoFinding<NoLegacyAuthenticationBlockRule>(
            WithPolicies(false, ConditionalAccess(8, "Block legacy", "Enabled", ["Block"], clientAppTypes: ["ExchangeActiveSync", "Other"], excludeUsers: [Id(9).ToString()])),
            RuleSettings.Default with { BreakGlassAccounts = [Id(9)] });

    // Issue 19 item 4: a legacy block that excludes ordinary users leaves them open to password spraying over IMAP and
    // SMTP (before, any exclusion passed).
    [Fact]
    public void A_legacy_block_excluding_ordinary_users_names_them_and_the_share_it_covers()
    {
        var finding = RuleAssert.SingleFinding<NoLegacyAuthenticationBlockRule>(
            WithPolicies(false, ConditionalAccess(8, "Block legacy", "Enabled", ["Block"], clientAppTypes: ["ExchangeActiveSync", "Other"], excludeUsers: [Id(2).ToString(), Id(9).ToString()])),
            RuleSettings.Default with { BreakGlassAccounts = [Id(9)] });

        Assert.Equal(["Block legacy: excludes 1 user(s) (user2@contoso.example); covers 1 of 2 enabled users (50%)"], RuleAssert.Strings(finding, "legacyBlockPoliciesWithExclusions"));
        Assert.Contains("Blocks for all users leave out more than the emergency-access accounts, and whoever they exclude can still sign in with a password over a legacy protocol: Block legacy: excludes 1 user(s)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_code_block_excluding_a_group_of_unknown_members_is_not_a_block_for_all()
    {
        var finding = RuleAssert.SingleFinding<DeviceCodeFlowNotBlockedRule>(
            WithPolicies(false, ConditionalAccess(10, "Block device code", "Enabled", ["Block"], authenticationFlows: "DeviceCodeFlow", excludeGroups: [Id(710).ToString()])));

        Assert.Equal(
            [$"Block device code: excludes 1 group(s) ({Id(710)}); covers at most 2 of 2 enabled users (100%), since the members of 1 excluded group(s) are not read and whoever is in them is not covered"],
            RuleAssert.Strings(finding, "deviceCodePoliciesWithExclusions"));
        Assert.Empty(RuleAssert.Strings(finding, "narrowerDeviceCodePolicies"));
    }

    [Fact]
    public void Legacy_block_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<NoLegacyAuthenticationBlockRule>(WithPolicies(false));

    [Fact]
    public void Admin_mfa_policy_that_misses_user_administrator_leaves_that_role_uncovered()
    {
        var finding = RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(WithPolicies(false, AdminMfa, ReportOnlyMfaForAll));

        Assert.Equal(["User Administrator"], RuleAssert.Strings(finding, "uncoveredRoles"));
        Assert.Equal(1, finding.Evidence["principalsInUncoveredRoles"]);
        Assert.Empty(finding.Signals);
        Assert.Equal(["user2@contoso.example"], RuleAssert.Strings(finding, "uncoveredPrincipals"));
        Assert.Contains("1 holder(s) of privileged roles (User Administrator) are covered by no enabled Conditional Access policy that requires MFA at every sign-in to all applications: user2@contoso.example.", finding.Explanation, StringComparison.Ordinal);
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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Mfa_for_all_users_under_a_condition_is_not_mfa_for_all(int narrowed)
    {
        var (name, conditions, expected) = NarrowedMfaForAll[narrowed];

        var finding = RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(20, name, "Enabled", ["Mfa"], conditions: conditions)));

        Assert.Equal([expected], RuleAssert.Strings(finding, "conditionalMfaPolicies"));
        Assert.Contains($"Policies for all users require MFA only under conditions, so every other sign-in goes without it: {expected}.", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Mfa_for_all_users_on_some_applications_says_so()
        => Assert.Equal(
            ["Office only: only for 1 selected application(s) or action(s)"],
            RuleAssert.Strings(RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(false, ConditionalAccess(34, "Office only", "Enabled", ["Mfa"], includeApplications: ["Office365"]))), "conditionalMfaPolicies"));

    [Fact]
    public void A_risk_based_policy_beside_a_real_mfa_for_all_policy_passes()
        => RuleAssert.NoFinding<NoMfaForAllUsersRule>(WithPolicies(false, MfaForAll, ConditionalAccess(21, "Risky sign-ins", "Enabled", ["Mfa"], conditions: new CaConditions(SignInRiskLevels: ["High"]))));

    [Fact]
    public void Mfa_for_all_excluding_users_beyond_the_break_glass_accounts_names_them()
    {
        var inventory = WithPolicies(false, ConditionalAccess(22, "MFA everyone", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString(), Id(2).ToString(), Id(3).ToString()], excludeGroups: [Id(700).ToString()]));

        var finding = RuleAssert.SingleFinding<NoMfaForAllUsersRule>(inventory, RuleSettings.Default with { BreakGlassAccounts = [Id(1)] });

        Assert.Equal(
            [$"MFA everyone: excludes 2 user(s) ({Id(3)}, user2@contoso.example); 1 group(s) ({Id(700)}); covers at most 0 of 2 enabled users (0%), since the members of 1 excluded group(s) are not read and whoever is in them is not covered"],
            RuleAssert.Strings(finding, "mfaPoliciesWithExclusions"));
        Assert.Contains("Policies for all users leave out more than the emergency-access accounts, and whoever they exclude signs in without MFA: MFA everyone: excludes 2 user(s)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Mfa_for_all_excluding_only_break_glass_accounts_their_group_and_the_sync_role_passes()
    {
        var inventory = WithPolicies(
            false,
            ConditionalAccess(
                23, "MFA everyone", "Enabled", [], excludeUsers: [Id(1).ToString()], excludeGroups: [Id(700).ToString()], authenticationStrength: "Multifactor authentication",
                conditions: new CaConditions(ExcludeRoles: ["d29b2b05-8046-44ba-8758-1e26182fcf32"])));
        inventory = new TenantInventory { Policies = inventory.Policies, Users = inventory.Users, GroupMembers = [Member(700, 2)] };

        RuleAssert.NoFinding<NoMfaForAllUsersRule>(inventory, RuleSettings.Default with { BreakGlassAccounts = [Id(1), Id(2)] });
    }

    [Fact]
    public void Mfa_for_all_excluding_guests_or_another_role_leaves_them_out()
    {
        var finding = RuleAssert.SingleFinding<NoMfaForAllUsersRule>(WithPolicies(
            false,
            ConditionalAccess(24, "MFA members", "Enabled", ["Mfa"], conditions: new CaConditions(ExcludeRoles: [UserAdministrator], ExcludeGuestsOrExternalUsers: "InternalGuest, B2bCollaborationGuest"))));

        Assert.Equal(["MFA members: excludes the holders of User Administrator; guest or external users (InternalGuest, B2bCollaborationGuest); covers 1 of 2 enabled users (50%)"], RuleAssert.Strings(finding, "mfaPoliciesWithExclusions"));
    }

    // Issue 17 item 4: Conditional Access cannot target a role assigned over an administrative unit (before, the role
    // listed in the policy counted as covering every holder).
    [Fact]
    public void A_role_held_over_an_administrative_unit_is_not_covered_by_a_policy_listing_the_role()
    {
        var inventory = WithPolicies(false, ConditionalAccess(25, "Admins", "Enabled", ["Mfa"], includeUsers: [], includeRoles: [GlobalAdministrator, UserAdministrator]));
        inventory = new TenantInventory
        {
            Policies = inventory.Policies, Users = inventory.Users, RoleDefinitions = inventory.RoleDefinitions,
            RoleAssignments = [RoleAssignment(GlobalAdministrator, Id(1), "user"), Scoped(RoleAssignment(UserAdministrator, Id(2), "user"), $"/administrativeUnits/{Id(600)}")],
        };

        var finding = RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(inventory);

        Assert.Equal(["User Administrator"], RuleAssert.Strings(finding, "uncoveredRoles"));
        Assert.Equal(1, finding.Evidence["scopedRoleHolders"]);
        Assert.Contains("1 of them hold their role only over an administrative unit, and Conditional Access cannot target a role assigned that way", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_excluded_from_mfa_for_all_or_covered_only_under_risk_is_uncovered()
    {
        var inventory = WithPolicies(
            false,
            ConditionalAccess(26, "MFA everyone", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()]),
            ConditionalAccess(27, "Risky admins", "Enabled", ["Mfa"], includeUsers: [], includeRoles: [GlobalAdministrator], conditions: new CaConditions(SignInRiskLevels: ["High"])));

        var finding = RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(inventory);

        Assert.Equal(["user1@contoso.example"], RuleAssert.Strings(finding, "uncoveredPrincipals"));
        Assert.Equal(["Risky admins: only at sign-in risk High"], RuleAssert.Strings(finding, "conditionalPolicies"));
        Assert.Equal("global-administrator-uncovered", Assert.Single(finding.Signals).Name);
    }

    [Fact]
    public void A_break_glass_global_administrator_excluded_from_mfa_for_all_is_not_an_uncovered_admin()
        => RuleAssert.NoFinding<AdminMfaNotEnforcedRule>(
            WithPolicies(false, ConditionalAccess(28, "MFA everyone", "Enabled", ["Mfa"], excludeUsers: [Id(1).ToString()])),
            RuleSettings.Default with { BreakGlassAccounts = [Id(1)] });

    [Fact]
    public void An_admin_in_a_listed_group_is_covered_and_one_in_an_excluded_group_is_not()
    {
        var inventory = WithPolicies(
            false,
            ConditionalAccess(29, "Admins by group", "Enabled", ["Mfa"], includeUsers: [], excludeGroups: [Id(701).ToString()], conditions: new CaConditions(IncludeGroups: [Id(700).ToString()])));
        inventory = new TenantInventory
        {
            Policies = inventory.Policies, Users = inventory.Users, RoleDefinitions = inventory.RoleDefinitions, RoleAssignments = inventory.RoleAssignments,
            GroupMembers = [Member(700, 1), Member(700, 2), Member(701, 2)],
        };

        Assert.Equal(["user2@contoso.example"], RuleAssert.Strings(RuleAssert.SingleFinding<AdminMfaNotEnforcedRule>(inventory), "uncoveredPrincipals"));
    }

    [Fact]
    public void A_legacy_block_only_outside_trusted_locations_is_narrower()
        => Assert.Equal(
            ["Untrusted only"],
            RuleAssert.Strings(
                RuleAssert.SingleFinding<NoLegacyAuthenticationBlockRule>(WithPolicies(false, ConditionalAccess(
                    30, "Untrusted only", "Enabled", ["Block"], clientAppTypes: ["ExchangeActiveSync", "Other"], conditions: new CaConditions(IncludeLocations: ["All"], ExcludeLocations: ["AllTrusted"])))),
                "narrowerLegacyBlockPolicies"));

    [Fact]
    public void A_device_code_block_for_risky_sign_ins_only_is_narrower()
        => Assert.Equal(
            ["Risky device code"],
            RuleAssert.Strings(
                RuleAssert.SingleFinding<DeviceCodeFlowNotBlockedRule>(WithPolicies(false, ConditionalAccess(
                    31, "Risky device code", "Enabled", ["Block"], authenticationFlows: "DeviceCodeFlow", conditions: new CaConditions(SignInRiskLevels: ["High"])))),
                "narrowerDeviceCodePolicies"));

    private static GroupMemberRecord Member(int group, int member) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, GroupId = Id(group), MemberId = Id(member), MemberType = "user", GroupDisplayName = $"Group {group}",
    };

    private static RoleAssignmentRecord Scoped(RoleAssignmentRecord assignment, string scope) => new()
    {
        TenantId = assignment.TenantId, ScanId = assignment.ScanId, AssignmentId = assignment.AssignmentId, RoleDefinitionId = assignment.RoleDefinitionId,
        PrincipalId = assignment.PrincipalId, PrincipalType = assignment.PrincipalType, DirectoryScopeId = scope,
    };
}
