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
        [
            FrameworkReference.Cis("5.1.6.3").Partially("fails only on everyone; the recommendation also rules out member users inviting (adminsGuestInvitersAndAllMembers)"),
            FrameworkReference.Scuba("MS.AAD.8.2v1").Partially("fails only on everyone; ScubaGear fails on anything but adminsAndGuestInviters, members and none included"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.8.2").Partially("fails only on everyone; Maester fails on anything but adminsAndGuestInviters or none"),
            FrameworkReference.Eidsca("EIDSCA.AP04").Partially("fails only on everyone; EIDSCA fails on anything but adminsAndGuestInviters or none"),
            FrameworkReference.Attack("T1136.003"),
        ]);

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
