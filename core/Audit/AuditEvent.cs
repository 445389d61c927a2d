using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Audit;

/// <summary>What happened, by whom, to what, with what outcome and from where.</summary>
/// <param name="Actor">Who acted: <c>user:&lt;object id&gt;</c>, <c>system:scan-worker</c>, <c>operator:&lt;name&gt;</c>.</param>
/// <param name="Action">A stable verb phrase such as <c>scan.requested</c>.</param>
/// <param name="Target">The object acted on, for example <c>scan:&lt;id&gt;</c>.</param>
/// <param name="Outcome"><c>succeeded</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="Source">Where the action came from: <c>web</c>, <c>api</c>, <c>functions</c>, <c>purge</c>.</param>
public sealed record AuditEntry(string Actor, string Action, string Target, string Outcome, string Source);

/// <summary>
/// One link of a hash chain. <see cref="Hash"/> is SHA-256 over the previous link's hash and the
/// canonical content of this one (<see cref="AuditHashing"/>), so an edited, inserted or deleted
/// link breaks every hash after it.
/// </summary>
public interface IAuditLink
{
    long Sequence { get; }
    DateTimeOffset OccurredAt { get; }
    string Actor { get; }
    string Action { get; }
    string Target { get; }
    string Outcome { get; }
    string Source { get; }
    byte[] PreviousHash { get; }
    byte[] Hash { get; }
}

/// <summary>An event of one tenant's chain. It is purged with the tenant (the promise is "everything").</summary>
public sealed class AuditEvent : ITenantOwned, IAuditLink
{
    public required Guid TenantId { get; init; }
    public required long Sequence { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Outcome { get; init; }
    public required string Source { get; init; }
    public required byte[] PreviousHash { get; init; }
    public required byte[] Hash { get; init; }
}

/// <summary>
/// An event of the operators' chain: purges, deletion receipts and operator actions. It has no
/// foreign key to any tenant, so a tenant's purge cannot take the evidence of that purge with it.
/// </summary>
public sealed class OperatorAuditEvent : IAuditLink
{
    public required long Sequence { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Outcome { get; init; }
    public required string Source { get; init; }
    public required byte[] PreviousHash { get; init; }
    public required byte[] Hash { get; init; }
}
