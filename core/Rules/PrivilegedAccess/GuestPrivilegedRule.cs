using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A guest holds a privileged directory role: the account's password, MFA and offboarding are run by
/// another organisation, so this tenant's administration depends on controls it cannot see.
/// </summary>
public sealed class GuestPrivilegedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-guest-privileged",
        "Guest user holds a privileged directory role",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.User,
        ["directoryRoles.isPrivileged", "users"],
        ["displayName", "userPrincipalName", "userType", "accountEnabled", "roles"],
        [FrameworkReference.Attack("T1199"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.Users(inventory)
            .Where(x => string.Equals(x.User.UserType, "Guest", StringComparison.OrdinalIgnoreCase))
            .Select(x => new RuleHit(x.User.ObjectId.ToString(), x.User.DisplayName, new Evidence
            {
                { "displayName", x.User.DisplayName },
                { "userPrincipalName", x.User.UserPrincipalName ?? "" },
                { "userType", x.User.UserType },
                { "accountEnabled", x.User.AccountEnabled },
                { "roles", x.Holder.RoleNames },
            }, [.. PrivilegedRoles.ControlPlaneSignal(x.Holder), .. PrivilegedRoles.DisabledSignal(x.User)]));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.Users(inventory).Count();
}
