using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.SignIns;

/// <summary>One user's legacy-protocol sign-ins in the collected log, summed over the daily rows.</summary>
internal sealed record LegacySignInsOfUser(Guid UserId, IReadOnlyList<SignInDailySummary> Rows)
{
    public int SignIns => Rows.Sum(r => r.SignIns);

    public int Failures => Rows.Sum(r => r.Failures);

    public int Successes => SignIns - Failures;

    public IReadOnlyList<string> Protocols => Rows.Select(r => r.ClientAppUsed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public DateOnly FirstDay => Rows.Min(r => r.Day);

    public DateTimeOffset? LastSeenAt => Rows.Max(r => r.LastSeenAt);

    public int Days => Rows.Select(r => r.Day).Distinct().Count();

    /// <summary>The apps signed in to, by the name of their service principal in this tenant when it was collected.</summary>
    public IReadOnlyList<string> Applications(TenantInventory inventory)
        => Rows.Select(r => r.AppId).Distinct()
            .Select(appId => inventory.ServicePrincipalOfApp(appId) is { } sp ? $"{sp.DisplayName} ({appId})" : appId.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
}

internal static class LegacySignIns
{
    public static IEnumerable<LegacySignInsOfUser> ByUser(TenantInventory inventory)
        => inventory.SignIns.Where(s => s.IsLegacyAuthentication)
            .GroupBy(s => s.UserId)
            .OrderBy(g => g.Key)
            .Select(g => new LegacySignInsOfUser(g.Key, g.OrderBy(r => r.Day).ThenBy(r => r.ClientAppUsed, StringComparer.Ordinal).ToList()));
}
