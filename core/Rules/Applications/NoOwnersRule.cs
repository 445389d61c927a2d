using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>An app registration without owners: nobody is accountable for its credentials, permissions and redirect URIs.</summary>
public sealed class NoOwnersRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-no-owners",
        "App registration without owners",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "owners")],
        ["displayName", "appId", "owners"],
        []);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Where(app => !inventory.OwnersOf(app.ObjectId).Any())
            .Select(app => new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence { { "displayName", app.DisplayName }, { "appId", app.AppId }, { "owners", 0 } }));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}
