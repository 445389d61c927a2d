using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Guests have the same directory access as members (<c>guestUserRoleId</c> is the member role, or a role id Entra does
/// not document): every guest, an account another organisation manages, may enumerate users, groups, apps and their
/// memberships. Everyone's directory data × one more step (a guest's account): Medium.
/// Peers: cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego (MS.AAD.8.1v1: fails unless limited or
/// restricted access), maester365/maester@6bf1d98 powershell/public/cisa/entra/Test-MtCisaGuestUserAccess.ps1 (CISA.MS.AAD.8.1)
/// and powershell/public/cis/Test-MtCisEnsureGuestAccessRestricted.ps1 (CIS 5.1.6.2), the same condition; EIDSCA.AP07
/// (powershell/internal/eidsca/Test-MtEidscaAP07.ps1) passes on restricted access only.
/// </summary>
public sealed class GuestAccessNotRestrictedRule : PostureRule
{
    /// <summary>"Guest users have limited access to properties and memberships of directory objects": Microsoft's default.</summary>
    public const string LimitedAccess = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

    /// <summary>"Guest user access is restricted to properties and memberships of their own directory objects (most restrictive)".</summary>
    public const string RestrictedAccess = "2af84b1e-32c8-42b7-82bc-daa82404023b";

    /// <summary>"Guest users have the same access as members (most inclusive)".</summary>
    public const string MemberAccess = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

    public override RuleDefinition Definition { get; } = new(
        "policy-guest-access-not-restricted",
        "Guests have the same directory access as members",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "guestUserRoleId", "guestAccessLevel"],
        [
            FrameworkReference.Scuba("MS.AAD.8.1v1"), FrameworkReference.CisaMaester("CISA.MS.AAD.8.1"), FrameworkReference.Cis("5.1.6.2"),
            FrameworkReference.Eidsca("EIDSCA.AP07").Partially("fails on member access only; EIDSCA also fails on limited access, Microsoft's default, and passes on restricted access only"),
            FrameworkReference.Attack("T1087.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy
            && PolicySettings.String(policy, "guestUserRoleId") is { } roleId
            && !IsLimited(roleId))
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { "guestUserRoleId", roleId },
                { "guestAccessLevel", string.Equals(roleId, MemberAccess, StringComparison.OrdinalIgnoreCase) ? "same as member users" : "unknown role" },
            });
        }
    }

    // An unset guestUserRoleId is Microsoft's default, limited access (users-restrict-guest-permissions): it passes.
    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;

    private static bool IsLimited(string roleId)
        => string.Equals(roleId, LimitedAccess, StringComparison.OrdinalIgnoreCase) || string.Equals(roleId, RestrictedAccess, StringComparison.OrdinalIgnoreCase);
}
