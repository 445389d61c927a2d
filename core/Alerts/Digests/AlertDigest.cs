namespace IdentityOps.Core.Alerts.Digests;

public sealed record ExpiringCredential(string ApplicationName, string Kind, DateTimeOffset EndsAt, int DaysLeft);

public sealed record NewFinding(string Severity, string RuleId, string ObjectType, string ObjectName, string Explanation);

public sealed record ScoreDrop(int Previous, int Current, int Threshold);

public sealed record FailedScan(Guid ScanId, DateTimeOffset FinishedAt, string Reason);

/// <summary>What one alert tells its recipients, computed from stored scan metadata only.</summary>
public sealed record AlertDigest(
    string TenantName,
    string ConfigurationName,
    DigestPeriod Period,
    Guid? LatestScanId,
    IReadOnlyList<ExpiringCredential> ExpiringCredentials,
    IReadOnlyList<NewFinding> NewFindings,
    ScoreDrop? ScoreDrop,
    IReadOnlyList<FailedScan> FailedScans,
    FailedScan? ConsentRevoked)
{
    public bool IsEmpty => ExpiringCredentials.Count == 0 && NewFindings.Count == 0 && ScoreDrop is null && FailedScans.Count == 0 && ConsentRevoked is null;
}

/// <summary>A digest that is due for one configuration, for every one of its recipients.</summary>
public sealed record DueDigest(AlertConfiguration Configuration, AlertDigest Digest);
