using System.Collections.Frozen;

namespace IdentityOps.Core.Inventory.Reference;

/// <summary>How dangerous a Microsoft Graph application permission is.</summary>
public enum PermissionTier
{
    /// <summary>Not on the list.</summary>
    None,

    /// <summary>Reads or writes sensitive data (mail, files, sites) without a path to Global Administrator.</summary>
    Sensitive,

    /// <summary>An indirect path to Global Administrator (e.g. add a credential to a privileged app).</summary>
    Indirect,

    /// <summary>A one-step path to Global Administrator (e.g. assign any directory role).</summary>
    Direct,
}

public sealed record GraphPermissionRisk(string Name, Guid Id, PermissionTier Tier, string Note);

/// <summary>
/// The tiered list of dangerous Microsoft Graph application permissions, read from the embedded copy of
/// <c>graph-dangerous-application-permissions.tsv</c> (its first line names the source).
/// </summary>
public static class GraphPermissionTiers
{
    /// <summary>Microsoft Graph's app id, the same in every tenant.</summary>
    public static readonly Guid MicrosoftGraphAppId = new("00000003-0000-0000-c000-000000000000");

    /// <summary>Microsoft's own tenant: the <c>appOwnerOrganizationId</c> of first-party applications.</summary>
    public static readonly Guid MicrosoftTenantId = new("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

    /// <summary>The Global Administrator role's template id (its role definition id in every tenant).</summary>
    public const string GlobalAdministratorRoleId = "62e90394-69f5-4237-9190-012177145e10";

    private static readonly Lazy<FrozenDictionary<Guid, GraphPermissionRisk>> ById = new(Load);

    public static IReadOnlyCollection<GraphPermissionRisk> All => ById.Value.Values;

    public static GraphPermissionRisk? Find(Guid permissionId) => ById.Value.GetValueOrDefault(permissionId);

    public static PermissionTier TierOf(Guid permissionId) => Find(permissionId)?.Tier ?? PermissionTier.None;

    private static FrozenDictionary<Guid, GraphPermissionRisk> Load()
    {
        const string Resource = "graph-dangerous-application-permissions.tsv";
        var permissions = new Dictionary<Guid, GraphPermissionRisk>();
        foreach (var cells in ReferenceTable.Rows(Resource))
        {
            var tier = cells[2] switch
            {
                "direct" => PermissionTier.Direct,
                "indirect" => PermissionTier.Indirect,
                "sensitive" => PermissionTier.Sensitive,
                _ => throw new InvalidOperationException($"Unknown permission tier '{cells[2]}' in {Resource}."),
            };
            var permission = new GraphPermissionRisk(cells[0], Guid.Parse(cells[1]), tier, cells.Length > 3 ? cells[3] : "");
            permissions[permission.Id] = permission;
        }

        return permissions.ToFrozenDictionary();
    }
}
