using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// A rule over one on/off setting of the tenant's authorization policy that is a fault at one value (issue 19 B: the
/// settings EIDSCA, CIS and Maester read). Graph sends some of these as null or leaves them out (Microsoft's own example
/// response has blockMsolPowerShell null and no allowedToCreateTenants); an unset setting takes the value Microsoft applies
/// when nobody set it, <see cref="WhenUnset"/>, and a finding on it says so in a signal. The peers fail every unset value
/// but an explicit safe one; this rule differs only where Microsoft's default is the safe value.
/// </summary>
public abstract class AuthorizationPolicySettingRule : PostureRule
{
    /// <summary>The setting's name as the collector stores it and the evidence shows it (<c>allowedToCreateTenants</c>).</summary>
    protected abstract string Setting { get; }

    /// <summary>The value at fault.</summary>
    protected abstract bool FaultyValue { get; }

    /// <summary>The value in force when Graph sends none: Microsoft's default, which for most of these settings is the faulty one.</summary>
    protected virtual bool WhenUnset => FaultyValue;

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(PolicySettings.AuthorizationPolicyKind) is not { } policy)
        {
            yield break;
        }

        var value = PolicySettings.Bool(policy, Setting);
        if ((value ?? WhenUnset) == FaultyValue)
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "displayName", policy.DisplayName ?? policy.PolicyId },
                { Setting, FaultyValue },
            }, [.. Signals(policy), .. value is null ? [new ScoreSignal("unset", 1m, $"Graph sent no value for {Setting}; Microsoft's default, {FaultyValue.ToString().ToLowerInvariant()}, applies")] : Array.Empty<ScoreSignal>()]);
        }
    }

    /// <summary>What weighs the finding up or down (none unless a rule says).</summary>
    protected virtual IReadOnlyList<ScoreSignal> Signals(TenantPolicyRecord policy) => [];

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(PolicySettings.AuthorizationPolicyKind) is null ? 0 : 1;
}
