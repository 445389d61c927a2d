using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Audit.Anchors;

/// <summary>
/// A signed statement "chain C had N links and its head hash was H at time T" (a
/// <see cref="SignedAuditHead"/>), stored outside the chain's own table (security-pitfalls item 6)
/// and published outside the database (<see cref="IAuditHeadStore"/>, the trust page, the tenant's
/// export). A hash chain alone shows edits and gaps but not a deleted tail; a head does: a chain
/// shorter than a head signed earlier lost events, even when the anchor rows went with them.
/// </summary>
public interface IAnchoredHead
{
    long Sequence { get; }
    byte[] HeadHash { get; }
    DateTimeOffset AnchoredAt { get; }
    /// <summary>The thumbprint of the public key that verifies the anchor (<see cref="AuditHeadPublicKey.KeyId"/>), never the key.</summary>
    string SignedBy { get; }

    /// <summary>The ES256 signature (r‖s) over the head's JWS signing input (<see cref="SignedAuditHead.SigningInput()"/>).</summary>
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
