using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>Microsoft Graph application permissions granted to service principals, with their danger tier.</summary>
internal static class GraphApplicationPermissions
{
    public static readonly string[] EvidenceFields = ["displayName", "appId", "permissions", "permissionIds", "resourceDisplayName"];

    /// <summary>The Microsoft Graph service principal's object id in this tenant, if it was collected.</summary>
    public static Guid? GraphServicePrincipalId(TenantInventory inventory) => inventory.ServicePrincipalOfApp(GraphPermissionTiers.MicrosoftGraphAppId)?.ObjectId;

    /// <summary>Each client service principal with its Graph application permissions of exactly this tier, sorted by name.</summary>
    public static IEnumerable<(ServicePrincipalRecord Client, IReadOnlyList<GraphPermissionRisk> Permissions)> HeldAt(TenantInventory inventory, PermissionTier tier)
    {
        var graph = GraphServicePrincipalId(inventory);
        foreach (var client in inventory.ServicePrincipals)
        {
            var held = Held(inventory, client.ObjectId, graph).Where(p => p.Tier == tier).ToList();
            if (held.Count > 0)
            {
                yield return (client, held);
            }
        }
    }

    /// <summary>The highest tier of Graph application permission a service principal holds.</summary>
    public static PermissionTier HighestTier(TenantInventory inventory, Guid servicePrincipalId)
        => Held(inventory, servicePrincipalId, GraphServicePrincipalId(inventory)).Select(p => p.Tier).DefaultIfEmpty(PermissionTier.None).Max();

    public static IReadOnlyList<GraphPermissionRisk> Held(TenantInventory inventory, Guid servicePrincipalId, Guid? graph)
        => inventory.AppRolesGrantedTo(servicePrincipalId)
            .Where(a => graph is null || a.ResourceId == graph)
            .Select(a => GraphPermissionTiers.Find(a.AppRoleId))
            .OfType<GraphPermissionRisk>()
            .DistinctBy(p => p.Id)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The Graph application permissions of a service principal that are a path to Global Administrator (direct or indirect).</summary>
    public static IReadOnlyList<GraphPermissionRisk> PrivilegedHeld(TenantInventory inventory, Guid servicePrincipalId)
        => [.. Held(inventory, servicePrincipalId, GraphServicePrincipalId(inventory)).Where(p => p.Tier is PermissionTier.Direct or PermissionTier.Indirect)];

    public static RuleHit Hit(ServicePrincipalRecord client, IReadOnlyList<GraphPermissionRisk> permissions, IReadOnlyList<ScoreSignal> signals)
        => new(client.ObjectId.ToString(), client.DisplayName, new Evidence
        {
            { "displayName", client.DisplayName },
            { "appId", client.AppId },
            { "permissions", permissions.Select(p => p.Name) },
            { "permissionIds", permissions.Select(p => p.Id.ToString()) },
            { "resourceDisplayName", "Microsoft Graph" },
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
