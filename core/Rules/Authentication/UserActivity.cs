using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// When a user last signed in, from <c>signInActivity</c>: the later of the interactive and the
/// non-interactive sign-in, because a mailbox app refreshing its token every hour is use as well.
/// </summary>
internal static class UserActivity
{
    public static readonly string[] EvidenceFields = ["displayName", "userPrincipalName", "lastSignInAt", "lastNonInteractiveSignInAt", "daysSinceLastSignIn", "createdAt", "staleAfterDays"];

    public static DateTimeOffset? LastActivity(UserRecord user)
        => (user.LastSignInAt, user.LastNonInteractiveSignInAt) switch
        {
            ({ } interactive, { } nonInteractive) => interactive > nonInteractive ? interactive : nonInteractive,
            (var interactive, var nonInteractive) => interactive ?? nonInteractive,
        };

    /// <summary>
    /// No sign-in for <paramref name="days"/> days, or none ever on an account older than that. An
    /// account with neither a sign-in nor a creation time cannot be aged, so it is not called stale.
    /// </summary>
    public static bool IsStale(UserRecord user, int days, DateTimeOffset asOf)
    {
        var threshold = asOf.AddDays(-days);
        return LastActivity(user) is { } last ? last < threshold : CreatedAt(user) is { } created && created < threshold;
    }

    /// <summary>Graph reports 0001-01-01 as the creation time of some very old accounts: that is "unknown", not a date.</summary>
    public static DateTimeOffset? CreatedAt(UserRecord user) => user.CreatedAt is { Year: > 1 } created ? created : null;

    public static int? DaysSinceLastSignIn(UserRecord user, DateTimeOffset asOf)
        => LastActivity(user) is { } last ? (int)Math.Floor((asOf - last).TotalDays) : null;

    /// <summary>The evidence of a staleness finding; the privileged variant adds its roles.</summary>
    public static Evidence Evidence(UserRecord user, int days, DateTimeOffset asOf) => new()
    {
        { "displayName", user.DisplayName },
        { "userPrincipalName", user.UserPrincipalName ?? "" },
        { "lastSignInAt", user.LastSignInAt },
        { "lastNonInteractiveSignInAt", user.LastNonInteractiveSignInAt },
        { "daysSinceLastSignIn", DaysSinceLastSignIn(user, asOf) },
        { "createdAt", CreatedAt(user) },
        { "staleAfterDays", days },
    };
}
