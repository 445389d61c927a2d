using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.Permissions;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Permissions;

/// <summary>Issue 19 E1: privileged application permissions nobody uses, and apps of other organisations holding directory roles.</summary>
public sealed class UnusedAndForeignPrivilegeTests
{
    private static readonly Guid RoleManagementReadWriteDirectory = new("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8");
    private static readonly Guid ApplicationReadWriteAll = new("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9");
    private static readonly Guid UserReadAll = new("df021288-bdef-4463-88db-98f22de89214");
    private static readonly Guid Vendor = new("33333333-3333-3333-3333-333333333333");

    private static TenantInventory Holding(Guid permission, DateTimeOffset? lastSignIn, DateTimeOffset? granted = null, string type = "Application", bool enabled = true)
    {
        var graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        var app = App(1, "Provisioning daemon");
        var client = new ServicePrincipalRecord
        {
            TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(2), AppId = app.AppId, DisplayName = app.DisplayName,
            ServicePrincipalType = type, AppOwnerOrganizationId = Tenant, AccountEnabled = enabled,
        };
        var assignment = AppRole(client.ObjectId, permission, graph.ObjectId);
        return new TenantInventory
        {
            Applications = [app],
            ServicePrincipals = [graph, client],
            AppRoleAssignments = [new AppRoleAssignmentRecord
            {
                TenantId = Tenant, ScanId = ScanOfRecords, AssignmentId = assignment.AssignmentId, AppRoleId = permission, PrincipalId = client.ObjectId,
                PrincipalType = "ServicePrincipal", ResourceId = graph.ObjectId, ResourceDisplayName = "Microsoft Graph", CreatedAt = granted ?? AsOf.AddDays(-300),
            }],
            AppSignInActivities = lastSignIn is { } last ? [SignInActivity(app, last)] : [],
        };
    }

    [Fact]
    public void A_Tier0_permission_of_an_app_silent_for_150_days_is_a_high_finding()
    {
        var finding = RuleAssert.SingleFinding<UnusedPrivilegedPermissionRule>(Holding(RoleManagementReadWriteDirectory, AsOf.AddDays(-150)));

        Assert.Equal(Severity.High, finding.Rule.Severity);
        Assert.Equal(["RoleManagement.ReadWrite.Directory"], RuleAssert.Strings(finding, "permissions"));
        Assert.Equal("direct", finding.Evidence["tier"]);
        Assert.Equal(150L, finding.Evidence["daysSinceLastSignIn"]);
        Assert.Contains("last signed in on", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_indirect_permission_of_an_app_that_never_signed_in_is_a_finding()
    {
        var finding = RuleAssert.SingleFinding<UnusedPrivilegedPermissionRule>(Holding(ApplicationReadWriteAll, lastSignIn: null));
        Assert.Equal("indirect", finding.Evidence["tier"]);
        Assert.Contains("has no sign-in on record", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Recent_use_a_fresh_grant_a_read_permission_a_managed_identity_or_a_disabled_app_is_no_finding()
    {
        RuleAssert.NoFinding<UnusedPrivilegedPermissionRule>(Holding(RoleManagementReadWriteDirectory, AsOf.AddDays(-10)));
        RuleAssert.NoFinding<UnusedPrivilegedPermissionRule>(Holding(RoleManagementReadWriteDirectory, lastSignIn: null, granted: AsOf.AddDays(-20)));
        RuleAssert.NoFinding<UnusedPrivilegedPermissionRule>(Holding(UserReadAll, AsOf.AddDays(-150)));
        RuleAssert.NoFinding<UnusedPrivilegedPermissionRule>(Holding(RoleManagementReadWriteDirectory, lastSignIn: null, type: "ManagedIdentity"));
        RuleAssert.NoFinding<UnusedPrivilegedPermissionRule>(Holding(RoleManagementReadWriteDirectory, lastSignIn: null, enabled: false));
    }

    [Fact]
    public void The_unused_permission_rule_is_not_evaluated_without_the_sign_in_activity_report()
    {
        var inventory = Holding(RoleManagementReadWriteDirectory, AsOf.AddDays(-150));
        RuleAssert.NotEvaluatedWithout<UnusedPrivilegedPermissionRule>(inventory, UnusedPrivilegedPermissionRule.RequiredActivity);
        RuleAssert.NotEvaluatedWithout<UnusedPrivilegedPermissionRule>(inventory, "appRoleAssignments");
    }

    private static TenantInventory ForeignWithRole(Guid? owner, string roleId, bool privileged, string? verifiedPublisher = null)
    {
        var sp = new ServicePrincipalRecord
        {
            TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(3), AppId = Id(30_003), DisplayName = "Brightwave CRM",
            ServicePrincipalType = "Application", AppOwnerOrganizationId = owner, AccountEnabled = true, VerifiedPublisherName = verifiedPublisher,
        };
        return new TenantInventory
        {
            ServicePrincipals = [sp],
            RoleDefinitions = [Role(roleId, roleId == DirectoryReaders ? "Directory Readers" : "User Administrator", privileged)],
            RoleAssignments = [RoleAssignment(roleId, sp.ObjectId, "servicePrincipal")],
        };
    }

    [Fact]
    public void A_vendors_app_holding_a_directory_role_is_a_high_finding_even_a_read_role()
    {
        var finding = RuleAssert.SingleFinding<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(Vendor, DirectoryReaders, privileged: false));

        Assert.Equal(Severity.High, finding.Rule.Severity);
        Assert.Equal(["Directory Readers"], RuleAssert.Strings(finding, "roles"));
        Assert.Empty(RuleAssert.Strings(finding, "privilegedRoles"));
        Assert.Contains(finding.Signals, s => s.Name == "unverified-publisher");
        Assert.Contains("another organisation's tenant", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_Microsofts_and_ownerless_service_principals_are_not_foreign()
    {
        RuleAssert.NoFinding<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(Tenant, UserAdministrator, privileged: true));
        RuleAssert.NoFinding<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(GraphPermissionTiers.MicrosoftTenantId, UserAdministrator, privileged: true));
        RuleAssert.NoFinding<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(new Guid("72f988bf-86f1-41af-91ab-2d7cd011db47"), UserAdministrator, privileged: true));
        RuleAssert.NoFinding<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(null, UserAdministrator, privileged: true));
        var noRole = ForeignWithRole(Vendor, UserAdministrator, privileged: true);
        RuleAssert.NoFinding<ForeignServicePrincipalDirectoryRoleRule>(new TenantInventory { ServicePrincipals = noRole.ServicePrincipals, RoleDefinitions = noRole.RoleDefinitions });
    }

    [Fact]
    public void The_foreign_role_rule_is_not_evaluated_without_role_assignments()
        => RuleAssert.NotEvaluatedWithout<ForeignServicePrincipalDirectoryRoleRule>(ForeignWithRole(Vendor, UserAdministrator, privileged: true), "directoryRoles");

    [Fact]
    public void The_privileged_service_principal_finding_is_folded_into_the_foreign_app_finding()
    {
        var inventory = ForeignWithRole(Vendor, UserAdministrator, privileged: true, verifiedPublisher: "Brightwave Inc.");
        var evaluation = new RuleEngine(new RuleCatalog([new ServicePrincipalPrivilegedRule(), new ForeignServicePrincipalDirectoryRoleRule()])).Evaluate(inventory, Facts());

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal("sp-foreign-directory-role", finding.Rule.Id);
        Assert.Equal(["User Administrator"], RuleAssert.Strings(finding, "privilegedRoles"));
        Assert.Contains(finding.Signals, s => s.Name == "also-role-service-principal-privileged");
    }
}
