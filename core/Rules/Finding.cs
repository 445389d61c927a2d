using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Rules;

/// <summary>One rule's verdict on one object in one scan, with the evidence behind it.</summary>
public sealed class Finding : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid Id { get; init; }
    public required string RuleId { get; init; }
    public required string Severity { get; init; }
    public required string Category { get; init; }
    public required string ObjectType { get; init; }
    public required string ObjectId { get; init; }
    public string? ObjectDisplayName { get; init; }

    /// <summary>The exact field values that triggered the finding, as JSON.</summary>
    public required string Evidence { get; init; }

    public decimal Score { get; init; }
}
