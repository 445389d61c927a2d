using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.SignIns;

/// <summary>
/// A legacy-protocol sign-in succeeded for a user who holds a privileged directory role: the password
/// alone, without MFA, opened an administrator's account. Critical whatever the protocol.
/// </summary>
public sealed class PrivilegedLegacyAuthenticationSignInRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "signin-legacy-authentication-privileged",
        "Privileged user signed in successfully with legacy authentication",
        RuleCategory.SignIns,
        Severity.Critical,
        ObjectTypes.User,
        [.. RuleInputs.Collection("legacySignIns", "appId", "clientAppUsed", "status"), .. RuleInputs.Collection("users"), .. RuleInputs.Collection("directoryRoles", "isPrivileged")],
        ["displayName", "userPrincipalName", "roles", "protocols", "successfulSignIns", "lastSeenAt"],
        [FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110.003")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var privileged = PrivilegedRoles.Users(inventory).ToDictionary(x => x.User.ObjectId);
        foreach (var legacy in LegacySignIns.ByUser(inventory).Where(l => l.Successes > 0))
        {
            if (!privileged.TryGetValue(legacy.UserId, out var holder))
            {
                continue;
            }

            yield return new RuleHit(legacy.UserId.ToString(), holder.User.DisplayName, new Evidence
            {
                { "displayName", holder.User.DisplayName },
                { "userPrincipalName", holder.User.UserPrincipalName ?? "" },
                { "roles", holder.Holder.RoleNames },
                { "protocols", legacy.Protocols },
                { "successfulSignIns", legacy.Successes },
                { "lastSeenAt", legacy.LastSeenAt },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.Users(inventory).Count();
}
