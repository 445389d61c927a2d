using System.ComponentModel.DataAnnotations;

namespace IdentityOps.Core.Rules;

/// <summary>
/// A tenant's thresholds for the rules. The defaults follow Microsoft's and CISA's guidance; an admin
/// may tighten or relax them in settings, and every change is audited.
/// </summary>
public sealed record RuleSettings
{
    /// <summary>A secret ending within this many days is urgent. The default is 7.</summary>
    [Range(1, 30)]
    public int SecretExpiryUrgentDays { get; init; } = 7;

    /// <summary>A secret ending within this many days needs rotation planned. The default is 30.</summary>
    [Range(1, 180)]
    public int SecretExpiryWarningDays { get; init; } = 30;

    /// <summary>Longest acceptable secret lifetime (Microsoft recommends under 12 months). The default is 365.</summary>
    [Range(30, 3650)]
    public int MaximumSecretLifetimeDays { get; init; } = 365;

    /// <summary>More active secrets than this on one app is a finding (two allow overlap during rotation). The default is 2.</summary>
    [Range(1, 20)]
    public int MaximumActiveSecrets { get; init; } = 2;

    /// <summary>An enabled member with no sign-in for this long is stale. The default is 90.</summary>
    [Range(14, 730)]
    public int StaleUserDays { get; init; } = 90;

    /// <summary>A privileged user with no sign-in for this long is stale. The default is 45.</summary>
    [Range(7, 365)]
    public int StalePrivilegedUserDays { get; init; } = 45;

    /// <summary>An app older than this with no sign-in in the collected log is unused. The default is 90.</summary>
    [Range(14, 730)]
    public int UnusedAppDays { get; init; } = 90;

    /// <summary>Fewest Global Administrators (CISA MS.AAD.7.1v1: at least two). The default is 2.</summary>
    [Range(1, 10)]
    public int MinimumGlobalAdministrators { get; init; } = 2;

    /// <summary>
    /// Most Global Administrators (CIS 1.1.3: two to four; Microsoft: fewer than five; CISA MS.AAD.7.1v1:
    /// at most eight). The default is 4.
    /// </summary>
    [Range(1, 50)]
    public int MaximumGlobalAdministrators { get; init; } = 4;

    /// <summary>
    /// Emergency-access (break-glass) accounts: expected to be excluded from blocking Conditional Access
    /// policies and from staleness findings.
    /// </summary>
    public IReadOnlyList<Guid> BreakGlassAccounts { get; init; } = [];

    public static RuleSettings Default { get; } = new();
}
