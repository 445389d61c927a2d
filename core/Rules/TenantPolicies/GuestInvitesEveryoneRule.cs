using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>Anyone in the directory, guests included, may invite new guests (<c>allowInvitesFrom</c> is <c>everyone</c>).</summary>
public sealed class GuestInvitesEveryoneRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-guest-invites-everyone",
        "Anyone, guests included, can invite guests",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowInvitesFrom"],
        [FrameworkReference.Cis("5.1.6.3"), FrameworkReference.Scuba("MS.AAD.8.2v1"), FrameworkReference.Attack("T1136.003")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy
            && PolicySettings.String(policy, "allowInvitesFrom") is { } invitesFrom
            && string.Equals(invitesFrom, "everyone", StringComparison.OrdinalIgnoreCase))
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { "allowInvitesFrom", invitesFrom },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}
