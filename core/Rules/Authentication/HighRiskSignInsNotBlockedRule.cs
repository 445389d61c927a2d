using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy blocks sign-ins that Identity Protection rates at high sign-in risk: for all
/// users and all applications, leaving out only the emergency-access accounts, and under no other condition
/// (<see cref="RiskPolicies"/>). CISA's baseline asks for a block (MS.AAD.2.3v1: cisagov/ScubaGear
/// PowerShell/ScubaGear/Rego/AADConfig.rego, SignInBlocked; maester365/maester
/// powershell/public/cisa/entra/Test-MtCisaBlockHighRiskSignIn.ps1). Microsoft's own template requires MFA instead
/// (https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-sign-in), a documented setup, so
/// this rule is Low; <see cref="RiskySignInsNoMfaRule"/> raises the case where nothing acts on risky sign-ins at all.
/// Needs Entra ID P2; without it not evaluated.
/// </summary>
public sealed class HighRiskSignInsNotBlockedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-high-risk-sign-ins-not-blocked",
        "High-risk sign-ins are not blocked",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        RiskPolicies.Inputs,
        RiskPolicies.EvidenceFields,
        [
            FrameworkReference.CisaMaester("CISA.MS.AAD.2.3").Partially("Maester accepts any enabled all-users, all-apps block at high sign-in risk whatever it excludes or whatever other condition narrows it; this rule refuses exclusions beyond the emergency-access accounts and other conditions"),
            FrameworkReference.Scuba("MS.AAD.2.3v1").Partially("not evaluated without Entra ID P2, where ScubaGear fails; refuses other conditions (locations, platforms, a user risk condition), which ScubaGear accepts; accepts as exclusions only the emergency-access accounts of the settings, a group known to hold only them and the Directory Synchronization Accounts role, where ScubaGear accepts the users and groups configured per policy and no excluded role"),
            FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => RiskPolicies.WithoutEntraIdP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => RiskPolicies.Gap(inventory, scan, RiskKind.SignIn, ["high"], p => p.Blocks) is { } hit ? [hit] : [];

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}
