using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>
/// Who can act as a privileged app (issue 17 items 9 and 10): an owner of its app registration or of its service
/// principal, where the service principal holds a privileged permission or a privileged directory role.
/// </summary>
public sealed class PrivilegedAppOwnershipTests
{
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string ApplicationAdministrator = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";

    private static readonly ApplicationRecord AppRegistration = App(1, "Tenant automation");
    private static readonly ServicePrincipalRecord Client = ServicePrincipalOf(AppRegistration, 2);
    private static readonly ServicePrincipalRecord Graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);

    private static TenantInventory Tenant(IReadOnlyList<OwnerRecord> owners, IReadOnlyList<RoleAssignmentRecord> roles, IReadOnlyList<AppRoleAssignmentRecord>? permissions = null)
        => new()
        {
            Applications = [AppRegistration],
            ServicePrincipals = [Graph, Client],
            Users = [User(7, "Dev Dan"), User(8, "Ops Olga")],
            Owners = owners,
            AppRoleAssignments = permissions ?? [],
            RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator"), Role(ApplicationAdministrator, "Application Administrator")],
            RoleAssignments = roles,
        };

    private static OwnerRecord ServicePrincipalOwner(Guid owner) => new()
    {
        TenantId = Records.Tenant, ScanId = ScanOfRecords, OwnedObjectId = Client.ObjectId, OwnedObjectKind = OwnedObjectKind.ServicePrincipal, OwnerObjectId = owner, OwnerType = "user",
    };

    [Fact]
    public void An_app_whose_service_principal_is_Global_Administrator_owned_by_an_ordinary_user_is_found()
    {
        var inventory = Tenant([Owner(AppRegistration.ObjectId, Id(7))], [RoleAssignment(GlobalAdministrator, Client.ObjectId, "ServicePrincipal")]);

        var finding = RuleAssert.SingleFinding<PrivilegedAppOwnedByNonAdminRule>(inventory);

        Assert.Equal(new[] { "Global Administrator" }, RuleAssert.Strings(finding, "roles"));
        Assert.Empty(RuleAssert.Strings(finding, "permissions"));
        Assert.Equal(new[] { "Dev Dan" }, RuleAssert.Strings(finding, "ownerNames"));
        Assert.Contains(finding.Signals, s => s.Name == "privileged-directory-role");
        Assert.Contains("the privileged directory role(s) Global Administrator", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_user_owning_the_service_principal_of_a_privileged_app_is_found()
    {
        // The app registration's only owner is an administrator; the enterprise application is owned by Dev Dan.
        var inventory = Tenant(
            [Owner(AppRegistration.ObjectId, Id(8)), ServicePrincipalOwner(Id(7))],
            [RoleAssignment(ApplicationAdministrator, Id(8))],
            [AppRole(Client.ObjectId, new Guid("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"), Graph.ObjectId)]);

        var finding = RuleAssert.SingleFinding<PrivilegedAppOwnedByNonAdminRule>(inventory);

        Assert.Equal(new[] { "Dev Dan" }, RuleAssert.Strings(finding, "ownerNames"));
        Assert.Equal(new[] { "Dev Dan" }, RuleAssert.Strings(finding, "servicePrincipalOwnerNames"));
        Assert.Equal(new[] { "Application.ReadWrite.All" }, RuleAssert.Strings(finding, "permissions"));
        Assert.Contains("Dev Dan own(s) the service principal", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Remove-MgServicePrincipalOwnerDirectoryObjectByRef", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void Administrators_owning_a_privileged_app_and_ordinary_owners_of_an_unprivileged_one_are_no_finding()
    {
        RuleAssert.NoFinding<PrivilegedAppOwnedByNonAdminRule>(Tenant(
            [Owner(AppRegistration.ObjectId, Id(8)), ServicePrincipalOwner(Id(8))],
            [RoleAssignment(GlobalAdministrator, Client.ObjectId, "ServicePrincipal"), RoleAssignment(ApplicationAdministrator, Id(8))]));
        RuleAssert.NoFinding<PrivilegedAppOwnedByNonAdminRule>(Tenant([Owner(AppRegistration.ObjectId, Id(7)), ServicePrincipalOwner(Id(7))], []));
    }

    [Fact]
    public void Without_the_service_principals_owners_the_rule_is_not_evaluated()
        => RuleAssert.NotEvaluatedWithout<PrivilegedAppOwnedByNonAdminRule>(
            Tenant([ServicePrincipalOwner(Id(7))], [RoleAssignment(GlobalAdministrator, Client.ObjectId, "ServicePrincipal")]), "servicePrincipalOwners");

    [Fact]
    public void A_guest_owner_is_told_to_go_and_not_given_a_tenant_wide_privileged_role()
    {
        var inventory = new TenantInventory { Applications = [AppRegistration], Users = [User(7, "Vendor Val", userType: "Guest")], Owners = [Owner(AppRegistration.ObjectId, Id(7))] };

        var finding = RuleAssert.SingleFinding<OwnedByGuestRule>(inventory);

        Assert.DoesNotContain("give them a scoped role such as Application Developer", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("Remove the guest as owner", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("custom role scoped to this one app registration", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("Do not give them Application Developer", finding.Remediation, StringComparison.Ordinal);
    }
}
