using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A guest holds a privileged directory role, actively or as eligible through Privileged Identity Management: the
/// account's password, MFA and offboarding are run by another organisation, so this tenant's administration depends
/// on controls it cannot see. An eligible guest can activate the role whenever it likes, so eligibility counts
/// (<see cref="PrivilegedRoles.UsersIncludingEligible"/>), with evidence <c>eligibleRoles</c> and an "eligible" signal.
/// </summary>
public sealed class GuestPrivilegedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-guest-privileged",
        "Guest user holds a privileged directory role",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.User,
        [.. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users", "userType")],
        ["displayName", "userPrincipalName", "userType", "accountEnabled", "roles", "eligibleRoles"],
        [
            FrameworkReference.Attack("T1199"), FrameworkReference.Attack("T1078.004"),
            FrameworkReference.Maester("MT.1025").Partially("judges IdentityOps' privileged roles, eligible holders included; Maester's Test-MtPrivPermanentDirectoryRole judges active assignments to the Control Plane roles of Cloud-Architekt's classification, downloaded at run time"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.UsersIncludingEligible(inventory)
            .Where(x => string.Equals(x.User.UserType, "Guest", StringComparison.OrdinalIgnoreCase))
            .Select(x => new RuleHit(x.User.ObjectId.ToString(), x.User.DisplayName, new Evidence
            {
                { "displayName", x.User.DisplayName },
                { "userPrincipalName", x.User.UserPrincipalName ?? "" },
                { "userType", x.User.UserType },
                { "accountEnabled", x.User.AccountEnabled },
                { "roles", x.Holder.AllRoleNames },
                { "eligibleRoles", x.Holder.EligibleRoleNames },
            }, [.. PrivilegedRoles.ControlPlaneSignal(x.Holder), .. PrivilegedRoles.DisabledSignal(x.User), .. PrivilegedRoles.EligibleSignal(x.Holder)]));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.UsersIncludingEligible(inventory).Count();
}
