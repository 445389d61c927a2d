using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Guest invitations are not limited to administrators and the Guest Inviter role (<c>allowInvitesFrom</c> is
/// <c>adminsGuestInvitersAndAllMembers</c> or <c>everyone</c>): any member may bring outsiders into the directory. One
/// account × latent: Low. When everyone, guests included, may invite, <see cref="GuestInvitesEveryoneRule"/> reports the
/// policy and this rule rides on its finding (RuleOverlaps).
/// Peers: maester365/maester@6bf1d98 powershell/public/cisa/entra/Test-MtCisaGuestInvitation.ps1 (CISA.MS.AAD.8.2) and
/// powershell/internal/eidsca/Test-MtEidscaAP04.ps1 (EIDSCA.AP04) pass on adminsAndGuestInviters or none, as this rule does;
/// cisagov/ScubaGear@4d34e9a AADConfig.rego (MS.AAD.8.2v1) passes on adminsAndGuestInviters only.
/// </summary>
public sealed class GuestInvitesNotLimitedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-guest-invites-not-limited",
        "Guest invitations are not limited to admins and Guest Inviters",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowInvitesFrom"],
        [
            FrameworkReference.Eidsca("EIDSCA.AP04"), FrameworkReference.CisaMaester("CISA.MS.AAD.8.2"),
            FrameworkReference.Scuba("MS.AAD.8.2v1").Partially("passes on none (nobody may invite, stricter still), which ScubaGear fails as anything but adminsAndGuestInviters"),
            FrameworkReference.Cis("5.1.6.3").Partially("passes on none as well as on admins and Guest Inviters; no peer implements the CIS recommendation to compare with"),
            FrameworkReference.Attack("T1136.003"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy
            && PolicySettings.String(policy, "allowInvitesFrom") is { } invitesFrom
            && !string.Equals(invitesFrom, "adminsAndGuestInviters", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(invitesFrom, "none", StringComparison.OrdinalIgnoreCase))
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { "allowInvitesFrom", invitesFrom },
            });
        }
    }

    // An unset allowInvitesFrom passes here, as in policy-guest-invites-everyone: Graph documents everyone as the default but
    // always sends the value, so null means a response this scan cannot read rather than a tenant setting.
    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}
