using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules;

/// <summary>
/// A posture rule: a definition, a template beside the class (<c>{ClassName}.scriban</c>), and a pure
/// evaluation over one scan's inventory. No I/O and no clock: the scan time is in <see cref="ScanFacts"/>.
/// </summary>
public abstract class PostureRule
{
    public abstract RuleDefinition Definition { get; }

    /// <summary>The objects at fault. Only called when all of <see cref="RuleDefinition.Inputs"/> is available.</summary>
    public abstract IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan);

    /// <summary>How many objects the rule looked at (findings plus passes), for "n of m passed" in reports.</summary>
    public abstract int CountEvaluated(TenantInventory inventory, ScanFacts scan);

    /// <summary>The embedded template's resource name: the class's own name.</summary>
    internal string TemplateName => GetType().Name;
}
