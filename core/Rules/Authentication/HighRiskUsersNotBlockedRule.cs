using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy blocks users whom Identity Protection rates at high user risk: for all users
/// and all applications, leaving out only the emergency-access accounts, and under no other condition
/// (<see cref="RiskPolicies"/>). CISA's baseline asks for a block (MS.AAD.2.1v1: cisagov/ScubaGear
/// PowerShell/ScubaGear/Rego/AADConfig.rego, BlockHighRisk; maester365/maester
/// powershell/public/cisa/entra/Test-MtCisaBlockHighRiskUser.ps1). Microsoft's own template requires a secure password
/// change instead (https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-user), a documented
/// setup, so this rule is Low; <see cref="HighUserRiskNotRemediatedRule"/> raises the case where nothing acts on high
/// user risk at all. Needs Entra ID P2; without it not evaluated.
/// </summary>
public sealed class HighRiskUsersNotBlockedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-high-risk-users-not-blocked",
        "High-risk users are not blocked",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        RiskPolicies.Inputs,
        RiskPolicies.EvidenceFields,
        [
            FrameworkReference.CisaMaester("CISA.MS.AAD.2.1").Partially("Maester accepts any enabled all-users, all-apps block at high user risk whatever it excludes or whatever other condition narrows it; this rule refuses exclusions beyond the emergency-access accounts and other conditions"),
            FrameworkReference.Scuba("MS.AAD.2.1v1").Partially("not evaluated without Entra ID P2, where ScubaGear fails; refuses other conditions (locations, platforms, a sign-in risk condition), which ScubaGear accepts; accepts as exclusions only the emergency-access accounts of the settings, a group known to hold only them and the Directory Synchronization Accounts role, where ScubaGear accepts the users and groups configured per policy and no excluded role"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => RiskPolicies.WithoutEntraIdP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => RiskPolicies.Gap(inventory, scan, RiskKind.User, ["high"], p => p.Blocks) is { } hit ? [hit] : [];

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}
