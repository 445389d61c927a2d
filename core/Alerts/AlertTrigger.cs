using System.Globalization;

namespace IdentityOps.Core.Alerts;

/// <summary>What an alert configuration reacts to.</summary>
public enum AlertTriggerKind
{
    /// <summary>Application credentials ending within <see cref="AlertTrigger.Parameter"/> days.</summary>
    SecretsExpiringWithinDays,

    /// <summary>Critical or high findings of the latest scan that the scan before it did not have.</summary>
    NewCriticalOrHighFindings,

    /// <summary>The tenant score fell by at least <see cref="AlertTrigger.Parameter"/> points from one scan to the next.</summary>
    ScoreDroppedBy,

    /// <summary>A scan failed (for a reason other than revoked consent).</summary>
    ScanFailed,

    /// <summary>A scan failed because consent to IdentityOps was revoked.</summary>
    ConsentRevoked,
}

/// <summary>
/// One trigger with its parameter, stored as text (<c>secrets-expiring:30</c>, <c>new-critical-or-high</c>,
/// <c>score-dropped:10</c>, <c>scan-failed</c>, <c>consent-revoked</c>) so the column stays a plain list.
/// </summary>
public sealed record AlertTrigger(AlertTriggerKind Kind, int? Parameter = null)
{
    private static readonly Dictionary<string, AlertTriggerKind> Names = new(StringComparer.Ordinal)
    {
        ["secrets-expiring"] = AlertTriggerKind.SecretsExpiringWithinDays,
        ["new-critical-or-high"] = AlertTriggerKind.NewCriticalOrHighFindings,
        ["score-dropped"] = AlertTriggerKind.ScoreDroppedBy,
        ["scan-failed"] = AlertTriggerKind.ScanFailed,
        ["consent-revoked"] = AlertTriggerKind.ConsentRevoked,
    };

    /// <summary>The accepted range of a trigger's parameter, or null when it takes none.</summary>
    public static (int Min, int Max)? ParameterRange(AlertTriggerKind kind) => kind switch
    {
        AlertTriggerKind.SecretsExpiringWithinDays => (1, 365),
        AlertTriggerKind.ScoreDroppedBy => (1, 100),
        AlertTriggerKind.NewCriticalOrHighFindings or AlertTriggerKind.ScanFailed or AlertTriggerKind.ConsentRevoked => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Triggers that are sent at once, whatever the digest schedule: they need an admin today.</summary>
    public bool IsCritical => Kind is AlertTriggerKind.NewCriticalOrHighFindings or AlertTriggerKind.ScanFailed or AlertTriggerKind.ConsentRevoked;

    public static bool TryParse(string? text, out AlertTrigger trigger)
    {
        trigger = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var separator = text.IndexOf(':', StringComparison.Ordinal);
        var name = separator < 0 ? text : text[..separator];
        if (!Names.TryGetValue(name, out var kind))
        {
            return false;
        }

        var range = ParameterRange(kind);
        if (range is null)
        {
            if (separator >= 0)
            {
                return false;
            }

            trigger = new AlertTrigger(kind);
            return true;
        }

        if (separator < 0
            || !int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < range.Value.Min || value > range.Value.Max)
        {
            return false;
        }

        trigger = new AlertTrigger(kind, value);
        return true;
    }

    /// <summary>The stored form; <see cref="TryParse"/> reads it back.</summary>
    public override string ToString()
    {
        var name = Names.First(n => n.Value == Kind).Key;
        return Parameter is { } value ? $"{name}:{value.ToString(CultureInfo.InvariantCulture)}" : name;
    }

    /// <summary>The triggers of a stored list that parse (a configuration saved before a rename keeps working for the rest).</summary>
    public static IReadOnlyList<AlertTrigger> ParseAll(IEnumerable<string> stored)
        => [.. stored.Select(s => TryParse(s, out var t) ? t : null).OfType<AlertTrigger>()];
}
