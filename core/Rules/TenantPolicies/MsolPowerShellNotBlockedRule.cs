namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// The retired MSOnline PowerShell module is not blocked (<c>blockMsolPowerShell</c> is false): its legacy service endpoint
/// stays an administrative path that receives no security updates. Hygiene (Low): Microsoft retired the module in 2025, so
/// the exposure is small and shrinking; blocking it costs nothing.
/// Peer: maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtEntraMsolPowerShellBlocked.ps1 (MT.1185) passes
/// only on blockMsolPowerShell = true.
/// </summary>
public sealed class MsolPowerShellNotBlockedRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-msol-powershell-not-blocked",
        "The legacy MSOnline PowerShell module is not blocked",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "blockMsolPowerShell"],
        [FrameworkReference.Maester("MT.1185")]);

    protected override string Setting => "blockMsolPowerShell";

    protected override bool FaultyValue => false;
}
