using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Permissions;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Permissions;

public sealed class PermissionRulesTests
{
    private static readonly Guid RoleManagementReadWriteDirectory = new("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8");
    private static readonly Guid ApplicationReadWriteAll = new("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9");
    private static readonly Guid MailRead = new("810c84a8-4a9e-49e6-bf7d-12d183f40d01");
    private static readonly Guid UserReadAll = new("df021288-bdef-4463-88db-98f22de89214");

    private static TenantInventory Holding(Guid permission, string audience = "AzureADMyOrg", Guid? owner = null)
    {
        var graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        var app = App(1, "Provisioning daemon");
        var client = ServicePrincipal(2, app.AppId, app.DisplayName, owner);
        return new TenantInventory
        {
            Applications = [new ApplicationRecord { TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName, SignInAudience = audience }],
            ServicePrincipals = [graph, client],
            AppRoleAssignments = [AppRole(client.ObjectId, permission, graph.ObjectId)],
        };
    }

    [Fact]
    public void Direct_tier_permission_is_critical_and_named()
    {
        var finding = RuleAssert.SingleFinding<GraphTier0PermissionRule>(Holding(RoleManagementReadWriteDirectory));

        Assert.Equal(Severity.Critical, finding.Rule.Severity);
        Assert.Equal(new[] { "RoleManagement.ReadWrite.Directory" }, (string[])finding.Evidence["permissions"]!);
        Assert.Contains("RoleManagement.ReadWrite.Directory", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_permission_is_no_tier0_finding() => RuleAssert.NoFinding<GraphTier0PermissionRule>(Holding(UserReadAll));

    [Fact]
    public void Tier0_rule_is_not_evaluated_without_service_principals() => RuleAssert.NotEvaluatedWithout<GraphTier0PermissionRule>(Holding(RoleManagementReadWriteDirectory));

    [Fact]
    public void Indirect_tier_permission_is_high()
    {
        Assert.Single(RuleAssert.Run<GraphHighPermissionRule>(Holding(ApplicationReadWriteAll)).Findings);
        RuleAssert.NoFinding<GraphHighPermissionRule>(Holding(RoleManagementReadWriteDirectory));
        RuleAssert.NotEvaluatedWithout<GraphHighPermissionRule>(Holding(ApplicationReadWriteAll));
    }

    [Fact]
    public void Sensitive_data_permission_is_medium()
    {
        Assert.Single(RuleAssert.Run<GraphSensitiveDataPermissionRule>(Holding(MailRead)).Findings);
        RuleAssert.NoFinding<GraphSensitiveDataPermissionRule>(Holding(UserReadAll));
        RuleAssert.NotEvaluatedWithout<GraphSensitiveDataPermissionRule>(Holding(MailRead));
    }

    [Fact]
    public void Third_party_ownership_raises_the_score()
    {
        var own = RuleAssert.SingleFinding<GraphHighPermissionRule>(Holding(ApplicationReadWriteAll));
        var thirdParty = RuleAssert.SingleFinding<GraphHighPermissionRule>(Holding(ApplicationReadWriteAll, owner: Guid.NewGuid()));

        Assert.True(thirdParty.Score > own.Score);
        Assert.Contains(thirdParty.Signals, s => s.Name == "third-party-app");
    }

    [Fact]
    public void Multitenant_unverified_app_with_privileged_permission_is_critical()
    {
        var finding = RuleAssert.SingleFinding<MultitenantUnverifiedPrivilegedAppRule>(Holding(ApplicationReadWriteAll, audience: "AzureADMultipleOrgs"));
        Assert.Equal("indirect", finding.Evidence["highestTier"]);
        Assert.Contains("an indirect path to Global Administrator", finding.Explanation, StringComparison.Ordinal);
        RuleAssert.NoFinding<MultitenantUnverifiedPrivilegedAppRule>(Holding(ApplicationReadWriteAll));
        RuleAssert.NoFinding<MultitenantUnverifiedPrivilegedAppRule>(Holding(UserReadAll, audience: "AzureADMultipleOrgs"));
        RuleAssert.NotEvaluatedWithout<MultitenantUnverifiedPrivilegedAppRule>(Holding(ApplicationReadWriteAll, audience: "AzureADMultipleOrgs"));
    }

    [Fact]
    public void Unverified_third_party_with_privileged_permission_is_critical()
    {
        Assert.Single(RuleAssert.Run<ThirdPartyUnverifiedPrivilegedRule>(Holding(RoleManagementReadWriteDirectory, owner: Guid.NewGuid())).Findings);
        RuleAssert.NoFinding<ThirdPartyUnverifiedPrivilegedRule>(Holding(RoleManagementReadWriteDirectory));
        RuleAssert.NotEvaluatedWithout<ThirdPartyUnverifiedPrivilegedRule>(Holding(RoleManagementReadWriteDirectory, owner: Guid.NewGuid()));
    }

    private static TenantInventory Granting(string consentType, Guid? principal, params string[] scopes)
    {
        var client = ServicePrincipal(2, Id(20_002), "Mail helper", Guid.NewGuid());
        var graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        return new TenantInventory
        {
            ServicePrincipals = [client, graph],
            Users = [User(5, "Dana")],
            DelegatedGrants = [new DelegatedGrantRecord { TenantId = Tenant, ScanId = ScanOfRecords, GrantId = "grant-1", ClientId = client.ObjectId, ResourceId = graph.ObjectId, ConsentType = consentType, PrincipalId = principal, Scopes = scopes }],
        };
    }

    [Fact]
    public void Tenant_wide_grant_of_mail_scopes_is_a_finding_listing_the_sensitive_ones()
    {
        var finding = RuleAssert.SingleFinding<TenantWideSensitiveGrantRule>(Granting("AllPrincipals", null, "User.Read", "Mail.ReadWrite", "Files.ReadWrite.All"));

        Assert.Equal(new[] { "Files.ReadWrite.All", "Mail.ReadWrite" }, (string[])finding.Evidence["sensitiveScopes"]!);
        RuleAssert.NoFinding<TenantWideSensitiveGrantRule>(Granting("AllPrincipals", null, "openid", "profile", "User.Read"));
        RuleAssert.NoFinding<TenantWideSensitiveGrantRule>(Granting("Principal", Id(5), "Mail.ReadWrite"));
        RuleAssert.NotEvaluatedWithout<TenantWideSensitiveGrantRule>(Granting("AllPrincipals", null, "Mail.ReadWrite"));
    }

    [Fact]
    public void User_consent_to_offline_mail_access_is_a_finding_naming_the_user()
    {
        var finding = RuleAssert.SingleFinding<UserConsentedMailOrFilesOfflineRule>(Granting("Principal", Id(5), "openid", "offline_access", "Mail.Read"));

        Assert.Equal("Dana", finding.Evidence["userDisplayName"]);
        Assert.Contains("offline_access and Mail.Read", finding.Explanation, StringComparison.Ordinal);
        RuleAssert.NoFinding<UserConsentedMailOrFilesOfflineRule>(Granting("Principal", Id(5), "openid", "Mail.Read"));
        RuleAssert.NoFinding<UserConsentedMailOrFilesOfflineRule>(Granting("Principal", Id(5), "openid", "offline_access", "User.Read"));
        RuleAssert.NotEvaluatedWithout<UserConsentedMailOrFilesOfflineRule>(Granting("Principal", Id(5), "offline_access", "Mail.Read"));
    }
}
