using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>
/// A service principal holds application permissions with a path to Global Administrator (direct or indirect tier,
/// graph-dangerous-application-permissions.tsv), granted before the unused threshold (90 days by default), and has not
/// signed in since: privilege nobody uses is risk with no benefit, and a credential of an unwatched app is the quiet way
/// to use it. Its own finding, not folded into the tier rules: a tier finding may be accepted for an app that needs the
/// permission, and the app falling silent is a new cause the acceptance did not cover.
/// Read from Graph's per-app sign-in activity report (<c>servicePrincipalSignInActivities</c>; without it the rule is not
/// evaluated). Left out: managed identities (their sign-ins go to the managed identity sign-in log, which that report is
/// not documented to cover: learn.microsoft.com/entra/identity/monitoring-health/concept-service-principal-sign-ins) and
/// disabled service principals (Entra issues them no token).
/// </summary>
public sealed class UnusedPrivilegedPermissionRule : PostureRule
{
    public const string RequiredActivity = Applications.UnusedApps.RequiredActivity;

    public override RuleDefinition Definition { get; } = new(
        "sp-privileged-permission-unused",
        "Privileged application permission held by an app that has not signed in for months",
        RuleCategory.PermissionsAndConsent,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        [
            .. RuleInputs.Collection("servicePrincipals", "servicePrincipalType", "accountEnabled"),
            .. RuleInputs.Collection("appRoleAssignments", "createdDateTime"),
            RequiredActivity,
        ],
        [.. GraphApplicationPermissions.EvidenceFields, "tier", "grantedBefore", "lastSignInAt", "daysSinceLastSignIn", "unusedAfterDays"],
        [FrameworkReference.Attack("T1098.003"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var threshold = scan.Settings.UnusedAppDays;
        foreach (var sp in Candidates(inventory))
        {
            var last = inventory.SignInActivityOf(sp.AppId)?.LastSignInAt;
            if (last is { } seen && (scan.AsOf - seen).TotalDays <= threshold)
            {
                continue;
            }

            // A permission granted within the threshold has not had the time to be unused.
            var grantedAt = GrantDates(inventory, sp.ObjectId);
            var unused = GraphApplicationPermissions.PrivilegedHeld(inventory, sp.ObjectId)
                .Where(p => grantedAt.TryGetValue(p.Id, out var at) && (at is null || (scan.AsOf - at.Value).TotalDays > threshold))
                .ToList();
            if (unused.Count == 0)
            {
                continue;
            }

            var hit = GraphApplicationPermissions.Hit(sp, unused, GraphApplicationPermissions.ExposureOf(sp, scan.TenantId));
            var latestGrant = unused.Select(p => grantedAt[p.Id]).Max();
            hit.Evidence.Add("tier", unused.Any(p => p.Tier == PermissionTier.Direct) ? "direct" : "indirect");
            hit.Evidence.Add("grantedBefore", latestGrant);
            hit.Evidence.Add("lastSignInAt", last);
            hit.Evidence.Add("daysSinceLastSignIn", last is { } at ? (long)(scan.AsOf - at).TotalDays : null);
            hit.Evidence.Add("unusedAfterDays", threshold);
            yield return hit;
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => Candidates(inventory).Count(sp => GraphApplicationPermissions.PrivilegedHeld(inventory, sp.ObjectId).Count > 0);

    private static IEnumerable<ServicePrincipalRecord> Candidates(TenantInventory inventory)
        => inventory.ServicePrincipals.Where(sp => sp.AccountEnabled && !string.Equals(sp.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase));

    /// <summary>When each app role was granted to the service principal: the latest grant of it (null when Graph gave no date).</summary>
    private static Dictionary<Guid, DateTimeOffset?> GrantDates(TenantInventory inventory, Guid servicePrincipalId)
        => inventory.AppRolesGrantedTo(servicePrincipalId)
            .GroupBy(a => a.AppRoleId)
            .ToDictionary(g => g.Key, g => g.Any(a => a.CreatedAt is null) ? null : g.Max(a => a.CreatedAt));
}
