using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>Issue 19 A2: Maester's Conditional Access baseline (access and devices), one rule per distinct condition.</summary>
public sealed class ConditionalAccessBaselineRulesTests
{
    private const string AzureManagement = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
    private const string AzureDevOps = "499b84ac-1321-427f-aa17-267ca6975798";
    private const string SyncRole = "d29b2b05-8046-44ba-8758-1e26182fcf32";

    private static readonly string[] TemplateAdminRoles = [.. ConditionalAccessBaseline.TemplateAdminRoles.Keys];

    private static readonly TenantPolicyRecord MfaForAll = ConditionalAccess(1, "MFA for all users", "Enabled", ["Mfa"]);

    private static TenantInventory Tenant(params TenantPolicyRecord[] policies) => new()
    {
        Policies = [SecurityDefaults(false), Policy("organization", "org", """{"entraIdP1":true,"entraIdP2":false}"""), .. policies],
        Users = [User(1), User(2)],
    };

    /// <summary>The record with more of the reader's fields (user actions, guest types …) than <see cref="Records.ConditionalAccess"/> writes.</summary>
    private static TenantPolicyRecord With(TenantPolicyRecord record, object extra)
    {
        var settings = JsonNode.Parse(record.Settings)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
        {
            settings[name] = value?.DeepClone();
        }

        return Policy(record.Kind, record.PolicyId, settings.ToJsonString(), record.State, record.DisplayName);
    }

    // ---- MT.1001, MS.AAD.3.7v1, CISA.MS.AAD.3.7: a managed device for all users ----

    [Fact]
    public void A_device_offered_beside_mfa_is_not_a_managed_device_requirement()
    {
        var finding = RuleAssert.SingleFinding<NoManagedDevicePolicyRule>(Tenant(MfaForAll, ConditionalAccess(2, "Compliant or MFA", "Enabled", ["CompliantDevice", "Mfa"])));

        Assert.Equal(["Compliant or MFA"], RuleAssert.Strings(finding, "narrowerDevicePolicies"));
        Assert.Contains("None of the tenant's 2 enabled Conditional Access policies requires a managed device", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Compliant_or_hybrid_joined_for_all_users_passes()
        => RuleAssert.NoFinding<NoManagedDevicePolicyRule>(Tenant(ConditionalAccess(3, "Managed devices", "Enabled", ["CompliantDevice", "DomainJoinedDevice"])));

    [Fact]
    public void Managed_device_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<NoManagedDevicePolicyRule>(Tenant());

    // ---- MT.1014: a managed device for the administrators ----

    [Fact]
    public void An_admin_device_policy_that_leaves_out_a_template_role_does_not_count()
    {
        var finding = RuleAssert.SingleFinding<AdminManagedDeviceNotRequiredRule>(Tenant(
            ConditionalAccess(4, "Admin devices", "Enabled", ["CompliantDevice"], includeUsers: [], includeRoles: [.. TemplateAdminRoles.Where(r => r != "b0f54661-2d74-4c50-afa3-1ec803f12efe")])));

        Assert.Equal(["Admin devices: leaves out Billing Administrator"], RuleAssert.Strings(finding, "narrowerAdminDevicePolicies"));
    }

    [Fact]
    public void Excluding_an_admin_role_from_an_all_users_device_policy_does_not_count()
        => RuleAssert.SingleFinding<AdminManagedDeviceNotRequiredRule>(Tenant(ConditionalAccess(5, "Devices", "Enabled", ["CompliantDevice"], conditions: new CaConditions(ExcludeRoles: [GlobalAdministrator]))));

    [Fact]
    public void A_device_required_of_every_template_admin_role_passes()
        => RuleAssert.NoFinding<AdminManagedDeviceNotRequiredRule>(Tenant(ConditionalAccess(6, "Admin devices", "Enabled", ["CompliantDevice", "Mfa"], includeUsers: [], includeRoles: TemplateAdminRoles, grantOperator: "AND")));

    [Fact]
    public void Admin_device_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<AdminManagedDeviceNotRequiredRule>(Tenant());

    // ---- MT.1004 (MT.1003): a policy for all users and all applications ----

    [Fact]
    public void Only_admin_and_password_change_policies_leave_no_all_users_all_apps_policy()
    {
        var finding = RuleAssert.SingleFinding<NoAllUsersAllAppsPolicyRule>(Tenant(
            ConditionalAccess(7, "Admins", "Enabled", ["Mfa"], includeUsers: [], includeRoles: [GlobalAdministrator]),
            ConditionalAccess(8, "Risky users", "Enabled", ["Mfa", "PasswordChange"], grantOperator: "AND")));

        Assert.Equal(1, finding.Evidence["enabledPolicies"]);
        Assert.Equal(["Admins"], RuleAssert.Strings(finding, "allAppsPoliciesForSomeUsers"));
    }

    [Fact]
    public void A_session_only_policy_for_all_users_and_apps_counts() => RuleAssert.NoFinding<NoAllUsersAllAppsPolicyRule>(Tenant(ConditionalAccess(9, "Sign-in frequency", "Enabled", [])));

    [Fact]
    public void All_apps_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<NoAllUsersAllAppsPolicyRule>(Tenant());

    // ---- MT.1008: MFA for Azure management ----

    [Fact]
    public void Mfa_only_for_office_leaves_azure_management_open_and_report_only_does_not_count()
    {
        var finding = RuleAssert.SingleFinding<AzureManagementMfaNotRequiredRule>(Tenant(
            ConditionalAccess(10, "MFA for Office", "Enabled", ["Mfa"], includeApplications: ["Office365"]),
            ConditionalAccess(11, "MFA for Azure", "EnabledForReportingButNotEnforced", ["Mfa"], includeApplications: [AzureManagement])));

        Assert.Equal(["MFA for Azure (EnabledForReportingButNotEnforced)"], RuleAssert.Strings(finding, "azureManagementMfaPoliciesNotEnforced"));
    }

    [Theory]
    [InlineData(AzureManagement)]
    [InlineData("MicrosoftAdminPortals")]
    public void Mfa_for_all_users_on_azure_management_passes(string application)
        => RuleAssert.NoFinding<AzureManagementMfaNotRequiredRule>(Tenant(ConditionalAccess(12, "MFA for Azure", "Enabled", ["Mfa"], includeApplications: [application])));

    [Fact]
    public void Security_defaults_require_mfa_for_azure_management()
        => RuleAssert.NoFinding<AzureManagementMfaNotRequiredRule>(new TenantInventory { Policies = [SecurityDefaults(true)] });

    [Fact]
    public void Azure_management_rule_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<AzureManagementMfaNotRequiredRule>(Tenant());

    // ---- MT.1016: MFA for guests ----

    [Fact]
    public void An_mfa_policy_that_excludes_guest_types_leaves_guests_without_mfa()
    {
        var finding = RuleAssert.SingleFinding<GuestMfaNotRequiredRule>(Tenant(ConditionalAccess(13, "MFA for all", "Enabled", ["Mfa"], conditions: new CaConditions(ExcludeGuestsOrExternalUsers: "B2bCollaborationGuest"))));

        Assert.Equal(["MFA for all"], RuleAssert.Strings(finding, "guestMfaPoliciesExcludingGuests"));
    }

    [Fact]
    public void Mfa_for_every_guest_type_passes()
        => RuleAssert.NoFinding<GuestMfaNotRequiredRule>(Tenant(With(
            ConditionalAccess(14, "MFA for guests", "Enabled", ["Mfa"], includeUsers: []),
            new { includeGuestsOrExternalUsers = "InternalGuest, B2bCollaborationGuest, B2bCollaborationMember, B2bDirectConnectUser, OtherExternalUser, ServiceProvider" })));

    [Fact]
    public void Mfa_for_some_guest_types_does_not_count()
        => RuleAssert.SingleFinding<GuestMfaNotRequiredRule>(Tenant(With(
            ConditionalAccess(15, "MFA for B2B guests", "Enabled", ["Mfa"], includeUsers: []), new { includeGuestsOrExternalUsers = "B2bCollaborationGuest" })));

    [Fact]
    public void Guest_rule_is_not_evaluated_without_security_defaults() => RuleAssert.NotEvaluatedWithout<GuestMfaNotRequiredRule>(Tenant());

    // ---- MT.1011, MS.AAD.3.8v1, CISA.MS.AAD.3.8: security info registration ----

    private static TenantPolicyRecord Registration(int n, string name, string[] grant, CaConditions? conditions = null)
        => With(ConditionalAccess(n, name, "Enabled", grant, includeApplications: [], conditions: conditions), new { includeUserActions = new[] { "urn:user:registersecurityinfo" } });

    [Fact]
    public void A_registration_policy_without_location_or_device_does_not_restrict_registration()
    {
        var finding = RuleAssert.SingleFinding<SecurityInfoRegistrationUnrestrictedRule>(Tenant(MfaForAll, Registration(16, "Register with MFA", ["Mfa"])));

        Assert.Equal(["Register with MFA"], RuleAssert.Strings(finding, "registrationPoliciesWithoutRestriction"));
    }

    [Fact]
    public void Registration_outside_trusted_locations_needs_mfa_passes()
        => RuleAssert.NoFinding<SecurityInfoRegistrationUnrestrictedRule>(Tenant(Registration(17, "Register from trusted locations", ["Mfa"], new CaConditions(IncludeLocations: ["All"], ExcludeLocations: ["AllTrusted"]))));

    [Fact]
    public void Registration_from_a_managed_device_passes()
        => RuleAssert.NoFinding<SecurityInfoRegistrationUnrestrictedRule>(Tenant(Registration(18, "Register from managed devices", ["CompliantDevice", "DomainJoinedDevice"])));

    [Fact]
    public void Registration_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<SecurityInfoRegistrationUnrestrictedRule>(Tenant());

    // ---- MT.1015: unknown or unsupported platforms ----

    [Fact]
    public void Without_a_platform_block_unknown_platforms_are_open()
        => Assert.Equal(1, RuleAssert.SingleFinding<NoUnknownPlatformBlockRule>(Tenant(MfaForAll)).Evidence["enabledPolicies"]);

    [Fact]
    public void A_block_on_any_platform_except_the_supported_ones_passes()
        => RuleAssert.NoFinding<NoUnknownPlatformBlockRule>(Tenant(With(
            ConditionalAccess(19, "Block unknown platforms", "Enabled", ["Block"], conditions: new CaConditions(IncludePlatforms: ["All"])), new { excludePlatforms = new[] { "Android", "IOS", "Windows", "MacOS" } })));

    [Fact]
    public void Platform_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<NoUnknownPlatformBlockRule>(Tenant());

    // ---- MT.1072: the retired approved client app grant ----

    [Fact]
    public void An_enabled_policy_whose_only_control_is_the_approved_client_app_grant_is_found()
    {
        var finding = RuleAssert.SingleFinding<ApprovedClientAppGrantRule>(Tenant(
            ConditionalAccess(20, "Approved apps on mobiles", "Enabled", ["ApprovedApplication"]),
            ConditionalAccess(21, "Old pilot", "Disabled", ["ApprovedApplication"])));

        Assert.Equal("ca-20", finding.ObjectId);
        Assert.Equal(true, finding.Evidence["onlyControl"]);
        Assert.Contains("the policy now lets every client through", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_protection_grant_passes()
        => RuleAssert.NoFinding<ApprovedClientAppGrantRule>(Tenant(ConditionalAccess(22, "App protection", "Enabled", ["CompliantApplication"])));

    [Fact]
    public void Approved_client_app_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<ApprovedClientAppGrantRule>(Tenant());

    // ---- MT.1184: a policy without target resources ----

    [Fact]
    public void A_policy_targeting_no_resource_is_found_whatever_its_state()
    {
        var finding = RuleAssert.SingleFinding<UntargetedPolicyRule>(Tenant(MfaForAll, ConditionalAccess(23, "Draft", "Disabled", ["Mfa"], includeApplications: ["None"])));

        Assert.Equal("ca-23", finding.ObjectId);
        Assert.Equal(["None"], RuleAssert.Strings(finding, "includeApplications"));
    }

    [Fact]
    public void User_actions_and_authentication_contexts_are_targets()
        => RuleAssert.NoFinding<UntargetedPolicyRule>(Tenant(
            Registration(24, "Registration", ["Mfa"]),
            With(ConditionalAccess(25, "Sensitive pages", "Enabled", ["Mfa"], includeApplications: []), new { includeAuthenticationContextClassReferences = new[] { "c1" } }),
            With(ConditionalAccess(26, "Tagged apps", "Enabled", ["Mfa"], includeApplications: []), new { applicationFilterMode = "Include" })));

    [Fact]
    public void Untargeted_rule_is_not_evaluated_without_conditional_access() => RuleAssert.NotEvaluatedWithout<UntargetedPolicyRule>(Tenant());

    // ---- MT.1021: security defaults on a Free tenant ----

    private static TenantInventory Free(bool securityDefaults) => new()
    {
        Policies = [SecurityDefaults(securityDefaults), Policy("organization", "org", """{"entraIdP1":false,"entraIdP2":false}""")],
    };

    [Fact]
    public void A_free_tenant_without_security_defaults_is_found()
        => Assert.Equal(false, RuleAssert.SingleFinding<SecurityDefaultsOffWithoutPremiumRule>(Free(false)).Evidence["entraIdP1"]);

    [Fact]
    public void Security_defaults_on_or_a_premium_plan_pass()
    {
        RuleAssert.NoFinding<SecurityDefaultsOffWithoutPremiumRule>(Free(true));
        RuleAssert.NoFinding<SecurityDefaultsOffWithoutPremiumRule>(Tenant());
    }

    [Fact]
    public void Free_tenant_rule_is_not_evaluated_without_the_organization()
        => RuleAssert.NotEvaluatedWithout<SecurityDefaultsOffWithoutPremiumRule>(Free(false), "organization");

    // ---- MT.1071: Azure DevOps ----

    private static TenantInventory WithAzureDevOps(params TenantPolicyRecord[] policies)
        => new() { Policies = Tenant(policies).Policies, ServicePrincipals = [ServicePrincipal(30, new Guid(AzureDevOps), "Azure DevOps")] };

    [Fact]
    public void Azure_devops_under_an_azure_management_policy_only_is_not_covered()
        => Assert.Equal(
            ["MFA for Azure"],
            RuleAssert.Strings(RuleAssert.SingleFinding<AzureDevOpsNotCoveredRule>(WithAzureDevOps(ConditionalAccess(31, "MFA for Azure", "Enabled", ["Mfa"], includeApplications: [AzureManagement]))), "azureManagementOnlyPolicies"));

    [Fact]
    public void Azure_devops_named_or_under_all_resources_is_covered()
    {
        RuleAssert.NoFinding<AzureDevOpsNotCoveredRule>(WithAzureDevOps(ConditionalAccess(32, "MFA for DevOps", "Enabled", ["Mfa"], includeApplications: [AzureDevOps])));
        RuleAssert.NoFinding<AzureDevOpsNotCoveredRule>(WithAzureDevOps(MfaForAll));
        RuleAssert.SingleFinding<AzureDevOpsNotCoveredRule>(WithAzureDevOps(ConditionalAccess(33, "MFA except DevOps", "Enabled", ["Mfa"], conditions: new CaConditions(ExcludeApplications: [AzureDevOps]))));
    }

    [Fact]
    public void Without_azure_devops_there_is_nothing_to_cover() => RuleAssert.NoFinding<AzureDevOpsNotCoveredRule>(Tenant());

    [Fact]
    public void Azure_devops_rule_is_not_evaluated_without_service_principals() => RuleAssert.NotEvaluatedWithout<AzureDevOpsNotCoveredRule>(WithAzureDevOps());

    // ---- MT.1020: the directory synchronization account ----

    private static TenantInventory WithSyncAccount(params TenantPolicyRecord[] policies) => new()
    {
        Policies = Tenant(policies).Policies,
        Users = [User(1), User(2)],
        RoleDefinitions = [Role(SyncRole, "Directory Synchronization Accounts", privileged: false)],
        RoleAssignments = [RoleAssignment(SyncRole, Id(2), "user")],
    };

    [Fact]
    public void An_all_users_policy_that_does_not_exclude_the_sync_account_is_found()
    {
        var finding = RuleAssert.SingleFinding<SyncAccountNotExcludedRule>(WithSyncAccount(MfaForAll, ConditionalAccess(34, "Admins", "Enabled", ["Mfa"], includeUsers: [], includeRoles: [GlobalAdministrator])));

        Assert.Equal("ca-1", finding.ObjectId);
        Assert.Equal(["user2@contoso.example"], RuleAssert.Strings(finding, "syncAccounts"));
    }

    [Fact]
    public void Excluding_the_sync_role_or_account_or_having_none_passes()
    {
        RuleAssert.NoFinding<SyncAccountNotExcludedRule>(WithSyncAccount(ConditionalAccess(35, "MFA", "Enabled", ["Mfa"], conditions: new CaConditions(ExcludeRoles: [SyncRole]))));
        RuleAssert.NoFinding<SyncAccountNotExcludedRule>(WithSyncAccount(ConditionalAccess(36, "MFA", "Enabled", ["Mfa"], excludeUsers: [Id(2).ToString()])));
        RuleAssert.NoFinding<SyncAccountNotExcludedRule>(Tenant(MfaForAll));
    }

    [Fact]
    public void Sync_account_rule_is_not_evaluated_without_directory_roles() => RuleAssert.NotEvaluatedWithout<SyncAccountNotExcludedRule>(WithSyncAccount(MfaForAll));
}
