using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>
/// Application permissions of Microsoft Graph, Exchange Online and SharePoint Online granted to service principals,
/// with their danger tier (graph-dangerous-application-permissions.tsv). The collector reads the assignments of all
/// these resources; an app role id counts only on the resource that defines it.
/// </summary>
internal static class GraphApplicationPermissions
{
    public static readonly string[] EvidenceFields = ["displayName", "appId", "permissions", "permissionIds", "resourceDisplayName", "impacts"];

    /// <summary>Each client service principal with its Graph application permissions of exactly this tier, sorted by name.</summary>
    public static IEnumerable<(ServicePrincipalRecord Client, IReadOnlyList<GraphPermissionRisk> Permissions)> HeldAt(TenantInventory inventory, PermissionTier tier)
    {
        foreach (var client in inventory.ServicePrincipals)
        {
            var held = Held(inventory, client.ObjectId).Where(p => p.Tier == tier).ToList();
            if (held.Count > 0)
            {
                yield return (client, held);
            }
        }
    }

    /// <summary>The highest tier of application permission a service principal holds.</summary>
    public static PermissionTier HighestTier(TenantInventory inventory, Guid servicePrincipalId)
        => Held(inventory, servicePrincipalId).Select(p => p.Tier).DefaultIfEmpty(PermissionTier.None).Max();

    /// <summary>
    /// The listed application permissions granted to a service principal, on any of the tiered resources, sorted by
    /// resource then name. An assignment counts when its app role id is listed for the resource it was granted on; when
    /// the resource's service principal was not collected, the id alone decides (listed ids are unique across resources).
    /// </summary>
    public static IReadOnlyList<GraphPermissionRisk> Held(TenantInventory inventory, Guid servicePrincipalId)
        => inventory.AppRolesGrantedTo(servicePrincipalId)
            .Select(a => inventory.ServicePrincipal(a.ResourceId) is { } resource
                ? GraphPermissionTiers.Find(resource.AppId, a.AppRoleId)
                : GraphPermissionTiers.Find(a.AppRoleId))
            .OfType<GraphPermissionRisk>()
            .DistinctBy(p => p.Id)
            .OrderBy(p => p.ResourceAppId != GraphPermissionTiers.MicrosoftGraphAppId)
            .ThenBy(p => p.ResourceName, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The application permissions of a service principal that are a path to Global Administrator (direct or indirect).</summary>
    public static IReadOnlyList<GraphPermissionRisk> PrivilegedHeld(TenantInventory inventory, Guid servicePrincipalId)
        => [.. Held(inventory, servicePrincipalId).Where(p => p.Tier is PermissionTier.Direct or PermissionTier.Indirect)];

    /// <summary>A permission as findings name it: Microsoft Graph's by name, another resource's with that resource (SharePoint has its own Sites.FullControl.All).</summary>
    public static string Label(GraphPermissionRisk permission)
        => permission.ResourceAppId == GraphPermissionTiers.MicrosoftGraphAppId ? permission.Name : $"{permission.Name} ({permission.ResourceName})";

    public static RuleHit Hit(ServicePrincipalRecord client, IReadOnlyList<GraphPermissionRisk> permissions, IReadOnlyList<ScoreSignal> signals)
        => new(client.ObjectId.ToString(), client.DisplayName, new Evidence
        {
            { "displayName", client.DisplayName },
            { "appId", client.AppId },
            { "permissions", permissions.Select(Label) },
            { "permissionIds", permissions.Select(p => p.Id.ToString()) },
            { "resourceDisplayName", string.Join(" and ", permissions.Select(p => p.ResourceName).Distinct(StringComparer.Ordinal)) },
            { "impacts", permissions.Select(p => $"{Label(p)}: {p.Impact}") },
        }, signals);

    /// <summary>Exposure signals of a privileged client: owned elsewhere, multi-tenant, unverified.</summary>
    public static IReadOnlyList<ScoreSignal> ExposureOf(ServicePrincipalRecord client, Guid tenantId)
    {
        var signals = new List<ScoreSignal>();
        if (client.AppOwnerOrganizationId is { } owner && owner != tenantId && owner != GraphPermissionTiers.MicrosoftTenantId)
        {
            signals.Add(new ScoreSignal("third-party-app", 1.2m, "The app is registered in another organisation's tenant."));
        }

        if (client.SignInAudience is "AzureADMultipleOrgs" or "AzureADandPersonalMicrosoftAccount")
        {
            signals.Add(new ScoreSignal("multi-tenant", 1.1m, $"signInAudience is {client.SignInAudience}."));
        }

        if (string.IsNullOrEmpty(client.VerifiedPublisherName) && client.AppOwnerOrganizationId != tenantId)
        {
            signals.Add(new ScoreSignal("unverified-publisher", 1.1m, "The publisher is not verified."));
        }

        return signals;
    }
}

/// <summary>A rule about Microsoft Graph application permissions of one tier: a finding per service principal holding any.</summary>
public abstract class GraphPermissionTierRule : PostureRule
{
    protected abstract PermissionTier Tier { get; }

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => GraphApplicationPermissions.HeldAt(inventory, Tier)
            .Select(held => GraphApplicationPermissions.Hit(held.Client, held.Permissions, GraphApplicationPermissions.ExposureOf(held.Client, scan.TenantId)));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.ServicePrincipals.Count;
}
