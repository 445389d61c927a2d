using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Tenancy;

/// <summary>A person of the customer's tenant who may use IdentityOps, identified by their Entra object id.</summary>
public sealed class TeamMember : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid UserObjectId { get; init; }
    public required string DisplayName { get; set; }
    public required TeamRole Role { get; set; }
    public required DateTimeOffset AddedAt { get; init; }
}

public enum TeamRole
{
    /// <summary>Starts scans, changes settings and alerts, accepts risks.</summary>
    Admin,

    /// <summary>Reads dashboards and reports (for example the CISO).</summary>
    Reader,
}
