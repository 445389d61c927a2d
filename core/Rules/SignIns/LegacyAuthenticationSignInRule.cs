using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.SignIns;

/// <summary>
/// A user signed in (or was tried) over a legacy protocol in the collected sign-in log: which
/// protocols, to which apps, how often, when, and how many of those sign-ins succeeded. A success means
/// the password alone opened the account, with no MFA possible.
/// </summary>
public sealed class LegacyAuthenticationSignInRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "signin-legacy-authentication",
        "User signs in with legacy authentication",
        RuleCategory.SignIns,
        Severity.Medium,
        ObjectTypes.User,
        [.. RuleInputs.Collection("legacySignIns", "appId", "clientAppUsed"), .. RuleInputs.Collection("users")],
        ["displayName", "userPrincipalName", "protocols", "applications", "signIns", "successfulSignIns", "failedSignIns", "days", "firstDay", "lastSeenAt"],
        [FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110.003")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var legacy in LegacySignIns.ByUser(inventory))
        {
            var user = inventory.User(legacy.UserId);
            ScoreSignal[] signals = legacy.Successes > 0
                ? [new ScoreSignal("legacy-success", 1.5m, $"{legacy.Successes} of the legacy sign-ins succeeded with a password alone")]
                : [];
            yield return new RuleHit(legacy.UserId.ToString(), user?.DisplayName, new Evidence
            {
                { "displayName", user?.DisplayName ?? legacy.UserId.ToString() },
                { "userPrincipalName", user?.UserPrincipalName ?? "" },
                { "protocols", legacy.Protocols },
                { "applications", legacy.Applications(inventory) },
                { "signIns", legacy.SignIns },
                { "successfulSignIns", legacy.Successes },
                { "failedSignIns", legacy.Failures },
                { "days", legacy.Days },
                { "firstDay", legacy.FirstDay },
                { "lastSeenAt", legacy.LastSeenAt },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Users.Count;
}
