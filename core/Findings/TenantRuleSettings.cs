using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Findings;

/// <summary>A tenant's rule thresholds and break-glass accounts (<see cref="RuleSettings"/> as JSON); absent means the defaults.</summary>
public sealed class TenantRuleSettings : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required string Settings { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
}
