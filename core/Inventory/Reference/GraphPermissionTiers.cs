using System.Collections.Frozen;

namespace IdentityOps.Core.Inventory.Reference;

/// <summary>How dangerous an application permission of a Microsoft resource app is (our judgement; the data file names its sources).</summary>
public enum PermissionTier
{
    /// <summary>Not on the list.</summary>
    None,

    /// <summary>Tenant-wide access to data (mail, files, sites) or a workload's administration, without a known path to Global Administrator.</summary>
    Sensitive,

    /// <summary>A path to Global Administrator or other privileged access through another object, setting or person (e.g. add a credential to a privileged app).</summary>
    Indirect,

    /// <summary>A one-step path to Global Administrator (e.g. assign any directory role).</summary>
    Direct,
}

/// <summary>A dangerous application permission (app role) of one Microsoft resource app.</summary>
/// <param name="ResourceAppId">The resource app that defines the app role (Microsoft Graph, Exchange Online, SharePoint Online).</param>
/// <param name="Name">The app role's value, e.g. <c>full_access_as_app</c>.</param>
/// <param name="Id">The app role's id, the same in every tenant.</param>
/// <param name="Impact">What a holder of the permission can do, as findings word it.</param>
public sealed record GraphPermissionRisk(Guid ResourceAppId, string Name, Guid Id, PermissionTier Tier, string Impact)
{
    /// <summary>The resource's display name, for findings.</summary>
    public string ResourceName => GraphPermissionTiers.ResourceName(ResourceAppId);
}

/// <summary>
/// The tiered list of dangerous application permissions of Microsoft Graph, Office 365 Exchange Online and
/// SharePoint Online, read from the embedded copy of <c>graph-dangerous-application-permissions.tsv</c>
/// (its header comments name the sources and say the tiers are our judgement).
/// </summary>
public static class GraphPermissionTiers
{
    /// <summary>Microsoft Graph's app id, the same in every tenant.</summary>
    public static readonly Guid MicrosoftGraphAppId = new("00000003-0000-0000-c000-000000000000");

    /// <summary>Office 365 Exchange Online's app id (full_access_as_app, Exchange.ManageAsApp).</summary>
    public static readonly Guid ExchangeOnlineAppId = new("00000002-0000-0ff1-ce00-000000000000");

    /// <summary>Office 365 SharePoint Online's app id (its own Sites.* app roles, apart from Microsoft Graph's).</summary>
    public static readonly Guid SharePointOnlineAppId = new("00000003-0000-0ff1-ce00-000000000000");

    /// <summary>Microsoft's own tenant: the <c>appOwnerOrganizationId</c> of first-party applications.</summary>
    public static readonly Guid MicrosoftTenantId = new("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

    /// <summary>
    /// The two tenants Microsoft publishes its first-party applications from (Microsoft Services and Microsoft's corporate
    /// tenant), as Maester's Test-MtServicePrincipalsForAllUsers excludes them by <c>appOwnerOrganizationId</c>.
    /// </summary>
    public static readonly IReadOnlySet<Guid> MicrosoftTenantIds = new HashSet<Guid> { MicrosoftTenantId, new("72f988bf-86f1-41af-91ab-2d7cd011db47") };

    /// <summary>The Global Administrator role's template id (its role definition id in every tenant).</summary>
    public const string GlobalAdministratorRoleId = "62e90394-69f5-4237-9190-012177145e10";

    private static readonly Lazy<FrozenDictionary<Guid, GraphPermissionRisk>> ById = new(Load);

    public static IReadOnlyCollection<GraphPermissionRisk> All => ById.Value.Values;

    /// <summary>The listed permission with this app role id, whatever its resource (ids are unique across resources).</summary>
    public static GraphPermissionRisk? Find(Guid permissionId) => ById.Value.GetValueOrDefault(permissionId);

    /// <summary>The listed permission only if it is an app role of this resource app: an app role id means nothing on another resource.</summary>
    public static GraphPermissionRisk? Find(Guid resourceAppId, Guid permissionId)
        => Find(permissionId) is { } risk && risk.ResourceAppId == resourceAppId ? risk : null;

    public static PermissionTier TierOf(Guid permissionId) => Find(permissionId)?.Tier ?? PermissionTier.None;

    /// <summary>The resource apps whose app roles the list tiers.</summary>
    public static IReadOnlyList<Guid> ResourceAppIds { get; } = [MicrosoftGraphAppId, ExchangeOnlineAppId, SharePointOnlineAppId];

    public static string ResourceName(Guid resourceAppId)
        => resourceAppId == MicrosoftGraphAppId ? "Microsoft Graph"
            : resourceAppId == ExchangeOnlineAppId ? "Office 365 Exchange Online"
            : resourceAppId == SharePointOnlineAppId ? "Office 365 SharePoint Online"
            : resourceAppId.ToString();

    private static FrozenDictionary<Guid, GraphPermissionRisk> Load()
    {
        const string Resource = "graph-dangerous-application-permissions.tsv";
        var permissions = new Dictionary<Guid, GraphPermissionRisk>();
        foreach (var cells in ReferenceTable.Rows(Resource))
        {
            // resource_app_id, name, id, tier, impact
            var tier = cells[3] switch
            {
                "direct" => PermissionTier.Direct,
                "indirect" => PermissionTier.Indirect,
                "sensitive" => PermissionTier.Sensitive,
                _ => throw new InvalidOperationException($"Unknown permission tier '{cells[3]}' in {Resource}."),
            };
            var permission = new GraphPermissionRisk(Guid.Parse(cells[0]), cells[1], Guid.Parse(cells[2]), tier, cells[4]);
            if (!ResourceAppIds.Contains(permission.ResourceAppId) || string.IsNullOrWhiteSpace(permission.Impact) || !permissions.TryAdd(permission.Id, permission))
            {
                throw new InvalidOperationException($"{Resource}: {permission.Name} needs a known resource, an impact and an id of its own.");
            }
        }

        return permissions.ToFrozenDictionary();
    }
}
