using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A privileged role, held actively or as eligible through Privileged Identity Management, on an account synchronised
/// from on-premises Active Directory: whoever controls the domain (or the sync server) can reset its password and take
/// over the cloud tenant with it, activating an eligible role first if need be. CISA ScubaGear's MS.AAD.7.3 counts
/// eligible holders the same way (<see cref="PrivilegedRoles.UsersIncludingEligible"/>).
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
        ["displayName", "userPrincipalName", "onPremisesSyncEnabled", "accountEnabled", "roles", "eligibleRoles"],
        [
            FrameworkReference.Cis("1.1.1").Partially("judges every privileged role, active or eligible; Maester's CIS test reads only the Global Administrator's active members"),
            FrameworkReference.Scuba("MS.AAD.7.3v1").Partially("reads onPremisesSyncEnabled over IdentityOps' privileged roles; ScubaGear reads onPremisesImmutableId over its highly privileged roles, so an account federated but not synchronised fails there only"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.7.3").Partially("judges every privileged role, active or eligible; Maester reads only the Global Administrator's active members"),
            FrameworkReference.Maester("MT.1026").Partially("judges IdentityOps' privileged roles, eligible holders included, on onPremisesSyncEnabled; Maester's Test-MtPrivPermanentDirectoryRole judges active assignments to the Control Plane roles of Cloud-Architekt's classification, downloaded at run time, and also wants onPremisesImmutableId set"),
            FrameworkReference.Attack("T1556.007"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.UsersIncludingEligible(inventory)
            .Where(x => x.User.OnPremisesSyncEnabled)
            .Select(x => new RuleHit(x.User.ObjectId.ToString(), x.User.DisplayName, new Evidence
            {
                { "displayName", x.User.DisplayName },
                { "userPrincipalName", x.User.UserPrincipalName ?? "" },
                { "onPremisesSyncEnabled", true },
                { "accountEnabled", x.User.AccountEnabled },
                { "roles", x.Holder.AllRoleNames },
                { "eligibleRoles", x.Holder.EligibleRoleNames },
            }, [.. PrivilegedRoles.ControlPlaneSignal(x.Holder), .. PrivilegedRoles.DisabledSignal(x.User), .. PrivilegedRoles.EligibleSignal(x.Holder)]));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.UsersIncludingEligible(inventory).Count();
}
