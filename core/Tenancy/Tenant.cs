namespace IdentityOps.Core.Tenancy;

/// <summary>A customer tenant, keyed by the Entra tenant id (the token's <c>tid</c>).</summary>
public sealed class Tenant
{
    public required Guid Id { get; init; }
    public required string DisplayName { get; set; }
    public TenantStatus Status { get; set; } = TenantStatus.Active;
    public SubscriptionState SubscriptionState { get; set; } = SubscriptionState.Trial;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? OffboardedAt { get; set; }
    public DateTimeOffset? PurgeAfter { get; set; }

    /// <summary>
    /// How many times Microsoft Entra ID answered AADSTS700016 (application not found in the tenant) since the last
    /// success, and when the first of them was; one such answer alone never offboards (<c>ConfirmApplicationRemovedCommand</c>).
    /// </summary>
    public int ApplicationNotFoundCount { get; set; }

    public DateTimeOffset? ApplicationNotFoundSince { get; set; }
}

/// <summary>
/// Where a tenant stands in its lifecycle. <see cref="Purged"/> is held only inside the purge's own
/// transaction: a purged tenant leaves no row behind, only a deletion receipt on the operator chain.
/// </summary>
public enum TenantStatus
{
    Active,
    Offboarding,
    Purged,
}

public enum SubscriptionState
{
    Trial,
    Active,
    Cancelled,
}
