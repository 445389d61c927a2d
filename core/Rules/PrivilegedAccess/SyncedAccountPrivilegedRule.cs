using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A privileged role on an account synchronised from on-premises Active Directory: whoever controls
/// the domain (or the sync server) can reset its password and take over the cloud tenant with it.
/// </summary>
public sealed class SyncedAccountPrivilegedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-synced-account-privileged",
        "Privileged role held by an account synchronised from on-premises",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.User,
        [.. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users", "onPremisesSyncEnabled")],
        ["displayName", "userPrincipalName", "onPremisesSyncEnabled", "accountEnabled", "roles"],
        [
            FrameworkReference.Cis("1.1.1"), FrameworkReference.Scuba("MS.AAD.7.3v1"), FrameworkReference.Attack("T1556.007"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.Users(inventory)
            .Where(x => x.User.OnPremisesSyncEnabled)
            .Select(x => new RuleHit(x.User.ObjectId.ToString(), x.User.DisplayName, new Evidence
            {
                { "displayName", x.User.DisplayName },
                { "userPrincipalName", x.User.UserPrincipalName ?? "" },
                { "onPremisesSyncEnabled", true },
                { "accountEnabled", x.User.AccountEnabled },
                { "roles", x.Holder.RoleNames },
            }, [.. PrivilegedRoles.ControlPlaneSignal(x.Holder), .. PrivilegedRoles.DisabledSignal(x.User)]));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.Users(inventory).Count();
}
