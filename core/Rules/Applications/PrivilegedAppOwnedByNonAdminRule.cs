using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules.Permissions;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A user without any privileged role owns an app that holds privileged Graph application permissions:
/// by adding a secret to the app, that user can act with the app's privileges (a privilege-escalation path).
/// </summary>
public sealed class PrivilegedAppOwnedByNonAdminRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-privileged-owned-by-non-admin",
        "Privileged app owned by a user without a privileged role",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "owners"), .. RuleInputs.Collection("servicePrincipals"), .. RuleInputs.Collection("appRoleAssignments"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users")],
        ["displayName", "appId", "permissions", "ownerNames", "ownerIds"],
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
            if (privileged.Count == 0)
            {
                continue;
            }

            var weakOwners = Ownership.OwnersOf(inventory, app).Where(o => o.User is not null && inventory.PrivilegedRolesOf(o.Owner.OwnerObjectId).Count == 0).ToList();
            if (weakOwners.Count > 0)
            {
                yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
                {
                    { "displayName", app.DisplayName },
                    { "appId", app.AppId },
                    { "permissions", privileged.Select(p => p.Name) },
                    { "ownerNames", weakOwners.Select(o => o.User!.DisplayName) },
                    { "ownerIds", weakOwners.Select(o => o.Owner.OwnerObjectId.ToString()) },
                }, [TierSignal(privileged.Max(p => p.Tier))]);
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    private static ScoreSignal TierSignal(PermissionTier tier) => tier == PermissionTier.Direct
        ? new ScoreSignal("privilege-tier-direct", 1.5m, "The app's permissions are a direct path to Global Administrator.")
        : new ScoreSignal("privilege-tier-indirect", 1.25m, "The app's permissions are an indirect path to Global Administrator.");
}
