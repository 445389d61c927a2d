namespace IdentityOps.Core.Rules;

/// <summary>
/// What a rule may know about the scan besides the inventory: which scan, the time every rule measures
/// from (never the clock), and the tenant's thresholds.
/// </summary>
public sealed record ScanFacts(Guid TenantId, Guid ScanId, DateTimeOffset AsOf, DateTimeOffset CollectedAt, RuleSettings Settings);
