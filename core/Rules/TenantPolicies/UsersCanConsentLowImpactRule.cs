using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Users may consent for themselves under Microsoft's recommended options only: low impact (verified publishers,
/// permissions classified low impact) or Microsoft-managed (<c>microsoft-user-default-recommended</c>, whose
/// conditions Microsoft maintains). Microsoft's recommended setting, so Low; CIS (level 2) and CISA
/// still want consent left to administrators.
/// </summary>
public sealed class UsersCanConsentLowImpactRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-consent-low-impact",
        "Users can consent to low-impact permissions of verified apps",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        UserConsent.EvidenceFields,
        [
            FrameworkReference.Cis("5.1.5.1").Partially("fails on microsoft-user-default-low and -recommended; Maester's CIS test fails on -low and -legacy (legacy is policy-users-can-consent)"),
            FrameworkReference.Scuba("MS.AAD.5.2v1").Partially("fails on microsoft-user-default-low whatever permissions are classified low; ScubaGear fails on -low only when risky permissions are classified low"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.5.2").Partially("covers Microsoft's recommended self-consent policies; Maester fails on any, the rest being policy-users-can-consent"),
            FrameworkReference.Attack("T1528"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is not { } policy)
        {
            yield break;
        }

        var selfConsent = UserConsent.SelfConsentPolicies(policy);
        if (selfConsent.Length > 0 && selfConsent.All(UserConsent.IsMicrosoftRecommended))
        {
            yield return UserConsent.Hit(policy, selfConsent);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}
