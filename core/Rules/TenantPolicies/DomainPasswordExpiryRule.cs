using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// A verified domain whose passwords Microsoft Entra ID manages (authentication type <c>Managed</c>) makes its users change
/// their password periodically (<c>passwordValidityPeriodInDays</c> other than 2147483647, "never expire"). The same verdict
/// as CIS Microsoft 365 1.3.1 as Maester runs it (maester365/maester@6bf1d98 powershell/public/cis/Test-MtCisPasswordExpiry.ps1:
/// managed and verified domains only; a missing value passes), reported per domain. Low: forced expiry is a weakness of
/// guidance (NIST SP 800-63B and Microsoft advise against it: users pick predictable successors), not an exposure.
/// </summary>
public sealed class DomainPasswordExpiryRule : PostureRule
{
    private const int NeverExpires = int.MaxValue;

    public override RuleDefinition Definition { get; } = new(
        "policy-domain-password-expiry",
        "Passwords of a domain expire periodically",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        ["domains"],
        ["domain", "passwordValidityPeriodInDays", "isDefault"],
        [FrameworkReference.Cis("1.3.1")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var domain in Applicable(inventory))
        {
            if (PolicySettings.Property(domain, "passwordValidityPeriodInDays") is { ValueKind: System.Text.Json.JsonValueKind.Number } days && days.TryGetInt32(out var validity) && validity != NeverExpires)
            {
                yield return new RuleHit(domain.PolicyId, domain.PolicyId, new Evidence
                {
                    { "domain", domain.PolicyId },
                    { "passwordValidityPeriodInDays", validity },
                    { "isDefault", PolicySettings.Bool(domain, "isDefault") == true },
                });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Applicable(inventory).Count();

    private static IEnumerable<TenantPolicyRecord> Applicable(TenantInventory inventory)
        => inventory.PoliciesOf("domain").Where(d => PolicySettings.Bool(d, "isVerified") == true && string.Equals(PolicySettings.String(d, "authenticationType"), "Managed", StringComparison.OrdinalIgnoreCase));
}
