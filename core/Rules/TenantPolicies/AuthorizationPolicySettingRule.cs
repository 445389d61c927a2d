using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// A rule over one on/off setting of the tenant's authorization policy that is a fault at one value (issue 19 B: the
/// settings EIDSCA, CIS and Maester read). A setting missing from the stored policy (a scan collected before IdentityOps
/// read it, or Graph leaving it out) makes the rule not evaluated, neither a pass nor a finding: the peers that fail on
/// a missing value are guessing, and so would we.
/// </summary>
public abstract class AuthorizationPolicySettingRule : PostureRule
{
    /// <summary>The setting's name as the collector stores it and the evidence shows it (<c>allowedToCreateTenants</c>).</summary>
    protected abstract string Setting { get; }

    /// <summary>The value at fault.</summary>
    protected abstract bool FaultyValue { get; }

    /// <summary>The setting as collected; a rule whose default Graph documents may read a missing value as that default.</summary>
    protected virtual bool? Read(TenantPolicyRecord policy) => PolicySettings.Bool(policy, Setting);

    /// <summary>What weighs the finding up or down (none unless a rule says).</summary>
    protected virtual IReadOnlyList<ScoreSignal> Signals(TenantPolicyRecord policy) => [];

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy && Read(policy) == FaultyValue)
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { Setting, FaultyValue },
            }, Signals(policy));
        }
    }

    public override string? NotEvaluatedBecause(TenantInventory inventory)
        => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy && Read(policy) is null
            ? PolicySettings.AuthorizationSettingMissing(inventory, Setting)
            : null;

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is { } policy && Read(policy) is not null ? 1 : 0;
}
