using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// App registrations older than the unused threshold with no sign-in within it, as client or resource, delegated or
/// app-only (Graph's per-app sign-in activity report, collection <c>servicePrincipalSignInActivities</c>; an app absent
/// from it has no sign-in on record). Shared by the unused-app and dormant-app rules so the two never disagree on "unused".
/// </summary>
internal static class UnusedApps
{
    public const string RequiredActivity = "servicePrincipalSignInActivities";

    public static IEnumerable<(ApplicationRecord App, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)> Of(TenantInventory inventory, ScanFacts scan)
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

            yield return (app, created, last);
        }
    }
}
