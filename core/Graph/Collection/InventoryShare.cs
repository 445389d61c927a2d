using IdentityOps.Core.Inventory;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// The rows of one record type that one collection writes: all of them, or those whose discriminator
/// <see cref="Property"/> holds <see cref="Value"/> when several collections share a record type
/// (credentials or owners of applications or of service principals, legacy or privileged users' sign-ins, one
/// kind of policy). A collection clears its shares when it restarts or becomes unavailable, and
/// publishes them when it is done. Said in the records' own terms; the sink maps them to storage.
/// </summary>
public sealed record InventoryShare(Type RecordType, string? Property, object? Value)
{
    public static InventoryShare All<T>()
        where T : class, ITenantOwned
        => new(typeof(T), null, null);

    public static InventoryShare Credentials(CredentialOwnerKind ownerKind)
        => new(typeof(CredentialRecord), nameof(CredentialRecord.OwnerKind), ownerKind);

    public static InventoryShare Owners(OwnedObjectKind ownedKind)
        => new(typeof(OwnerRecord), nameof(OwnerRecord.OwnedObjectKind), ownedKind);

    public static InventoryShare SignInSummaries(bool legacyAuthentication)
        => new(typeof(SignInDailySummary), nameof(SignInDailySummary.IsLegacyAuthentication), legacyAuthentication);

    public static InventoryShare Policies(string kind)
        => new(typeof(TenantPolicyRecord), nameof(TenantPolicyRecord.Kind), kind);
}
