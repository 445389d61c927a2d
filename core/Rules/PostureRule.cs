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

    /// <summary>
    /// Why the rule cannot be evaluated although every declared input is available, or null (the default). For an
    /// input that only matters in some tenants: eligible (PIM) role holders are unknown when <c>roleSchedules</c> is
    /// refused for a reason other than "no P2" (without P2 there is no PIM, so nobody is eligible). The reason must
    /// name the input, as the engine's own reasons do.
    /// </summary>
    public virtual string? NotEvaluatedBecause(TenantInventory inventory) => null;

    /// <summary>How many objects the rule looked at (findings plus passes), for "n of m passed" in reports.</summary>
    public abstract int CountEvaluated(TenantInventory inventory, ScanFacts scan);

    /// <summary>The embedded template's resource name: the class's own name.</summary>
    internal string TemplateName => GetType().Name;
}
