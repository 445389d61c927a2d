using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// An enabled Conditional Access policy that blocks or requires MFA for all users does not exclude the
/// emergency-access accounts named in the settings: one mistake in the policy, or an MFA outage, and
/// nobody can sign in to repair it. With no break-glass accounts configured the rule cannot know which
/// accounts are meant and finds nothing (its "n of m" reads 0 of 0).
/// </summary>
public sealed class BreakGlassNotExcludedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-break-glass-not-excluded",
        "Emergency-access accounts not excluded from a blocking Conditional Access policy",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.Policy,
        ["conditionalAccessPolicies"],
        ["displayName", "grantControls", "accountsNotExcluded", "excludedGroups"],
        [FrameworkReference.Cis("1.1.2")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var breakGlass = scan.Settings.BreakGlassAccounts;
        foreach (var policy in Candidates(inventory, scan))
        {
            var missing = breakGlass.Where(id => !policy.ExcludeUsers.Contains(id.ToString(), StringComparer.OrdinalIgnoreCase))
                .Select(id => inventory.User(id) is { } user ? user.UserPrincipalName ?? user.DisplayName : id.ToString())
                .Order(StringComparer.Ordinal)
                .ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            // The scan does not read group members: an excluded group may well hold the accounts.
            ScoreSignal[] signals = policy.ExcludeGroups.Length > 0
                ? [new ScoreSignal("excludes-groups", 0.5m, $"the policy excludes {policy.ExcludeGroups.Length} group(s) whose members the scan does not read")]
                : [];
            yield return new RuleHit(policy.Id, policy.Name, new Evidence
            {
                { "displayName", policy.Name },
                { "grantControls", policy.AuthenticationStrength is { } strength ? policy.BuiltInControls.Append($"authentication strength {strength}") : policy.BuiltInControls },
                { "accountsNotExcluded", missing },
                { "excludedGroups", policy.ExcludeGroups.Length },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<ConditionalAccessPolicy> Candidates(TenantInventory inventory, ScanFacts scan)
        => scan.Settings.BreakGlassAccounts.Count == 0
            ? []
            : ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && p.TargetsAllUsers && (p.Blocks || p.RequiresMfa));
}
