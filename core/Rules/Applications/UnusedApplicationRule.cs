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
    public const string RequiredActivity = "servicePrincipalSignInActivities";

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
    {
        var threshold = scan.Settings.UnusedAppDays;
        foreach (var app in inventory.Applications)
        {
            if (app.CreatedAt is not { } created || (scan.AsOf - created).TotalDays <= threshold)
            {
                continue;
            }

            var last = inventory.SignInActivityOf(app.AppId)?.LastSignInAt;
            if (last is { } seen && (scan.AsOf - seen).TotalDays <= threshold)
            {
                continue;
            }

            yield return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "createdAt", created },
                { "ageDays", (long)(scan.AsOf - created).TotalDays },
                { "lastSignInAt", last },
                { "daysSinceLastSignIn", last is { } at ? (long)(scan.AsOf - at).TotalDays : null },
                { "unusedAfterDays", threshold },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}
