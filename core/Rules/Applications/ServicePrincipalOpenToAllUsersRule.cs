using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// An enterprise application not published by Microsoft (a vendor's, or one of the tenant's own) that every user can
/// sign in to: <c>appRoleAssignmentRequired</c> is not true, the service principal is enabled and is an application
/// (<c>Application</c> or <c>Legacy</c>; managed identities have no users). The same condition as Maester MT.1075
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtServicePrincipalsForAllUsers.ps1: filter
/// <c>not(appOwnerOrganizationId eq 72f988bf…) and not(appOwnerOrganizationId eq f8cdef31…) and appRoleAssignmentRequired ne
/// true and accountEnabled eq true and (servicePrincipalType eq 'Application' or servicePrincipalType eq 'Legacy')</c>),
/// reported per application (Maester raises one failure for all of them) so each can be accepted on its own.
/// Low: it is Microsoft's default and most SaaS apps are meant for everyone; it matters for apps that hold data or
/// permissions only some users should reach.
/// </summary>
public sealed class ServicePrincipalOpenToAllUsersRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-assignment-not-required",
        "Enterprise application open to every user (assignment not required)",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.ServicePrincipal,
        RuleInputs.Collection("servicePrincipals", "appId", "appOwnerOrganizationId", "accountEnabled", "servicePrincipalType", "appRoleAssignmentRequired"),
        ["displayName", "appId", "appOwnerOrganizationId", "publisher", "servicePrincipalType"],
        [FrameworkReference.Maester("MT.1075"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var sp in Candidates(inventory).Where(s => s.AccountEnabled && AssignmentNotRequired.IsOpen(s)).OrderBy(s => s.ObjectId))
        {
            yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
            {
                { "displayName", sp.DisplayName },
                { "appId", sp.AppId },
                { "appOwnerOrganizationId", sp.AppOwnerOrganizationId },
                { "publisher", sp.AppOwnerOrganizationId == scan.TenantId ? "this tenant" : sp.VerifiedPublisherName ?? "unverified publisher" },
                { "servicePrincipalType", sp.ServicePrincipalType },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory).Count(s => s.AccountEnabled);

    private static IEnumerable<ServicePrincipalRecord> Candidates(TenantInventory inventory)
        => inventory.ServicePrincipals.Where(s =>
            (s.AppOwnerOrganizationId is not { } owner || !GraphPermissionTiers.MicrosoftTenantIds.Contains(owner))
            && (string.Equals(s.ServicePrincipalType, "Application", StringComparison.OrdinalIgnoreCase) || string.Equals(s.ServicePrincipalType, "Legacy", StringComparison.OrdinalIgnoreCase)));
}
