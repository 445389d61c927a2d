using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules.Permissions;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A user without any privileged role owns a privileged app: its app registration or its service principal, where
/// the service principal holds an application permission that is a path to Global Administrator or a privileged
/// directory role. By adding a secret to the app registration or to the service principal, that user can sign in as
/// the app and act with its privileges (a privilege-escalation path).
/// </summary>
/// <remarks>
/// Service principal owners are collected for the privileged service principals only (<c>servicePrincipalOwners</c>),
/// exactly the ones this rule looks at.
/// </remarks>
public sealed class PrivilegedAppOwnedByNonAdminRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-privileged-owned-by-non-admin",
        "Privileged app owned by a user without a privileged role",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [
            .. RuleInputs.Collection("applications", "owners"), .. RuleInputs.Collection("servicePrincipals"), .. RuleInputs.Collection("appRoleAssignments"),
            .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users"), .. RuleInputs.Collection("servicePrincipalOwners"),
        ],
        ["displayName", "appId", "permissions", "roles", "ownerNames", "ownerIds", "servicePrincipalOwnerNames"],
        [FrameworkReference.Attack("T1098.001"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var app in inventory.Applications)
        {
            if (inventory.ServicePrincipalOfApp(app.AppId) is not { } servicePrincipal)
            {
                continue;
            }

            var privileged = GraphApplicationPermissions.PrivilegedHeld(inventory, servicePrincipal.ObjectId);
            var roles = inventory.PrivilegedRolesOf(servicePrincipal.ObjectId);
            if (privileged.Count == 0 && roles.Count == 0)
            {
                continue;
            }

            var appOwners = WeakOwners(inventory, app.ObjectId);
            var servicePrincipalOwners = WeakOwners(inventory, servicePrincipal.ObjectId);
            var weakOwners = appOwners.Concat(servicePrincipalOwners).DistinctBy(o => o.Owner.OwnerObjectId).OrderBy(o => o.Owner.OwnerObjectId).ToList();
            if (weakOwners.Count == 0)
            {
                continue;
            }

            var signals = new List<ScoreSignal>();
            if (privileged.Count > 0)
            {
                signals.Add(TierSignal(privileged.Max(p => p.Tier)));
            }

            if (roles.Count > 0)
            {
                signals.Add(new ScoreSignal("privileged-directory-role", 1.5m, $"The app's service principal holds the privileged directory role(s) {string.Join(", ", roles)}."));
            }

            yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "permissions", privileged.Select(GraphApplicationPermissions.Label) },
                { "roles", roles },
                { "ownerNames", weakOwners.Select(o => o.User!.DisplayName) },
                { "ownerIds", weakOwners.Select(o => o.Owner.OwnerObjectId.ToString()) },
                { "servicePrincipalOwnerNames", servicePrincipalOwners.OrderBy(o => o.Owner.OwnerObjectId).Select(o => o.User!.DisplayName) },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    /// <summary>The user owners of an app registration or service principal who hold no privileged role.</summary>
    private static List<(OwnerRecord Owner, UserRecord? User)> WeakOwners(TenantInventory inventory, Guid ownedObjectId)
        => [.. Ownership.OwnersOf(inventory, ownedObjectId).Where(o => o.User is not null && inventory.PrivilegedRolesOf(o.Owner.OwnerObjectId).Count == 0)];

    private static ScoreSignal TierSignal(PermissionTier tier) => tier == PermissionTier.Direct
        ? new ScoreSignal("privilege-tier-direct", 1.5m, "The app's permissions are a direct path to Global Administrator.")
        : new ScoreSignal("privilege-tier-indirect", 1.25m, "The app's permissions are an indirect path to Global Administrator.");
}
