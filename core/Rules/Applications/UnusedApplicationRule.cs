using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// An app registration older than the unused threshold that has not signed in, as client or resource,
/// delegated or app-only, within the threshold: its credentials and permissions are risk without use.
/// Read from Graph's per-app sign-in activity report (collection <c>servicePrincipalSignInActivities</c>),
/// which lists every app that has signed in with its latest sign-in; an app absent from it has no
/// sign-in Microsoft Entra recorded. Without the report the rule is not evaluated.
/// </summary>
public sealed class UnusedApplicationRule : PostureRule
{
    public const string RequiredActivity = UnusedApps.RequiredActivity;

    public override RuleDefinition Definition { get; } = new(
        "app-unused",
        "App registration without sign-ins",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "createdDateTime"), RequiredActivity],
        ["displayName", "appId", "createdAt", "ageDays", "lastSignInAt", "daysSinceLastSignIn", "unusedAfterDays"],
        [FrameworkReference.Entra(EntraRecommendation.RemoveUnusedApplications)]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => UnusedApps.Of(inventory, scan).Select(unused => new RuleHit(unused.App.ObjectId.ToString(), unused.App.DisplayName, new Evidence
        {
            { "displayName", unused.App.DisplayName },
            { "appId", unused.App.AppId },
            { "createdAt", unused.CreatedAt },
            { "ageDays", (long)(scan.AsOf - unused.CreatedAt).TotalDays },
            { "lastSignInAt", unused.LastSignInAt },
            { "daysSinceLastSignIn", unused.LastSignInAt is { } at ? (long)(scan.AsOf - at).TotalDays : null },
            { "unusedAfterDays", scan.Settings.UnusedAppDays },
        }));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}
