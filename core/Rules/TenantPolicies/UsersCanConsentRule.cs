using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Users may consent for themselves beyond Microsoft's recommended options (low impact, or Microsoft-managed): the legacy default lets them
/// grant any app, from any publisher, every delegated permission that does not need admin consent
/// (mail, files, offline access), the opening of every consent-phishing attack. A custom self-consent
/// policy is counted here too, because the scan does not read its conditions.
/// </summary>
public sealed class UsersCanConsentRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-consent",
        "Users can consent to any app for themselves",
        RuleCategory.TenantPolicies,
        Severity.High,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        UserConsent.EvidenceFields,
        [
            FrameworkReference.Cis("5.1.5.1").Partially("fails on any self-consent policy but Microsoft's recommended ones; Maester's CIS test fails on microsoft-user-default-legacy or -low only (the low-impact one is policy-users-can-consent-low-impact)"),
            FrameworkReference.Scuba("MS.AAD.5.2v1").Partially("fails on the legacy and custom self-consent policies, which ScubaGear passes; ScubaGear fails on microsoft-user-default-recommended, and on -low when risky permissions are classified low, which policy-users-can-consent-low-impact reports"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.5.2").Partially("covers the self-consent policies other than Microsoft's recommended ones; Maester fails on any, the rest being policy-users-can-consent-low-impact"),
            FrameworkReference.Eidsca("EIDSCA.AP08").Partially("fails on the legacy and custom self-consent policies; EIDSCA passes only on microsoft-user-default-low alone, so it also fails on -recommended (policy-users-can-consent-low-impact), and skips a tenant with no built-in self-consent policy"),
            FrameworkReference.Attack("T1528"),
            FrameworkReference.Entra(EntraRecommendation.RestrictUserConsent),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is not { } policy)
        {
            yield break;
        }

        var broad = UserConsent.SelfConsentPolicies(policy).Where(p => !UserConsent.IsMicrosoftRecommended(p)).ToArray();
        if (broad.Length > 0)
        {
            yield return PolicySettings.Bool(policy, "allowUserConsentForRiskyApps") == true
                ? UserConsent.Hit(policy, broad, new ScoreSignal("risky-apps-consent", 1.5m, "allowUserConsentForRiskyApps is true: users may even consent to apps Microsoft flags as risky"))
                : UserConsent.Hit(policy, broad);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}
