using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>
/// A signed statement "chain C had N links and its head hash was H at time T", stored outside the
/// chain's own table (security-pitfalls item 6). A hash chain alone shows edits and gaps but not a
/// deleted tail; the latest anchor does: a chain shorter than its anchored head lost events.
/// </summary>
public interface IAnchoredHead
{
    long Sequence { get; }
    byte[] HeadHash { get; }
    DateTimeOffset AnchoredAt { get; }
    /// <summary>The fingerprint of the key that signed the anchor (<see cref="AuditAnchorKey.KeyId"/>), never the key.</summary>
    string SignedBy { get; }
    byte[] Signature { get; }
}

/// <summary>An anchored head of one tenant's chain; it goes with the tenant at the purge, like the chain.</summary>
public sealed class AuditAnchor : ITenantOwned, IAnchoredHead
{
    public required Guid TenantId { get; init; }
    public required long Sequence { get; init; }
    public required byte[] HeadHash { get; init; }
    public required DateTimeOffset AnchoredAt { get; init; }
    public required string SignedBy { get; init; }
    public required byte[] Signature { get; init; }
}

/// <summary>An anchored head of the operators' chain; like that chain, it has no tenant and outlives every purge.</summary>
public sealed class OperatorAuditAnchor : IAnchoredHead
{
    public required long Sequence { get; init; }
    public required byte[] HeadHash { get; init; }
    public required DateTimeOffset AnchoredAt { get; init; }
    public required string SignedBy { get; init; }
    public required byte[] Signature { get; init; }
}
