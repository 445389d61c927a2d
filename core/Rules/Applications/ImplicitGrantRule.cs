using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>The implicit grant returns tokens in the URL fragment; OAuth 2.0 Security BCP (RFC 9700) says not to use it.</summary>
public sealed class ImplicitGrantRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-implicit-grant",
        "Implicit grant flow enabled",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web")],
        ["displayName", "appId", "accessTokenIssuance", "idTokenIssuance"],
        [FrameworkReference.Attack("T1550.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Where(app => app.ImplicitAccessTokenIssuance)
            .Select(app => new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "accessTokenIssuance", app.ImplicitAccessTokenIssuance },
                { "idTokenIssuance", app.ImplicitIdTokenIssuance },
            }));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}
