using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Findings;

/// <summary>One rule's verdict on one object in one scan, with the evidence, explanation and score behind it.</summary>
public sealed class Finding : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }

    /// <summary>Derived from (scan, rule, object), so re-evaluating a scan writes the same ids.</summary>
    public required Guid Id { get; init; }

    public required string RuleId { get; init; }
    public required string Severity { get; init; }
    public required string Category { get; init; }
    public required string ObjectType { get; init; }
    public required string ObjectId { get; init; }
    public string? ObjectDisplayName { get; init; }

    /// <summary>The exact field values that triggered the finding, as JSON.</summary>
    public required string Evidence { get; init; }

    /// <summary>The signals that weighed the score, as JSON (<c>[{"name":…,"factor":…,"reason":…}]</c>).</summary>
    public string Signals { get; init; } = "[]";

    public required string Explanation { get; init; }
    public required string Remediation { get; init; }

    public decimal Score { get; init; }

    /// <summary>The risk acceptance that covered this finding at the scan time, if any.</summary>
    public Guid? AcceptanceId { get; init; }
}
