using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// The admin consent workflow is off, or on with nobody to review: a user who may not consent to an
/// app has no sanctioned way to ask for it, which pushes teams to work around the block.
/// </summary>
public sealed class AdminConsentWorkflowOffRule : PostureRule
{
    public const string Kind = "adminConsentRequestPolicy";

    public override RuleDefinition Definition { get; } = new(
        "policy-admin-consent-workflow-off",
        "Admin consent workflow is off",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        [Kind],
        ["isEnabled", "reviewers"],
        [
            FrameworkReference.Cis("5.1.5.2").Partially("also fails when the workflow is on with nobody to review; Maester's CIS test asks only isEnabled"),
            FrameworkReference.Scuba("MS.AAD.5.3v1").Partially("reads adminConsentRequestPolicy and also fails when nobody reviews; ScubaGear reads the directory setting EnableAdminConsentRequests"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.Policy(Kind) is not { } policy)
        {
            yield break;
        }

        var enabled = PolicySettings.Bool(policy, "isEnabled") == true;
        var reviewers = PolicySettings.Property(policy, "reviewers") is { ValueKind: System.Text.Json.JsonValueKind.Number } count ? count.GetInt32() : 0;
        if (!enabled || reviewers == 0)
        {
            yield return new RuleHit(policy.PolicyId, policy.DisplayName, new Evidence
            {
                { "isEnabled", enabled },
                { "reviewers", reviewers },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Policy(Kind) is null ? 0 : 1;
}
