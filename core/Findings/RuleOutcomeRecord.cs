using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Findings;

/// <summary>How one rule went in one scan: evaluated (objects looked at, findings) or not evaluated, and why.</summary>
public sealed class RuleOutcomeRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string RuleId { get; init; }
    public required bool Evaluated { get; init; }
    public int ObjectsEvaluated { get; init; }
    public int Findings { get; init; }
    public string? NotEvaluatedReason { get; init; }
}
