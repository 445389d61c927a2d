using System.Globalization;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Whether an account is used, from <c>signInActivity.lastSuccessfulSignInDateTime</c>: the last successful sign-in,
/// interactive or not (a mail app refreshing its token every hour is use as well). Not from
/// <c>lastSignInDateTime</c> or <c>lastNonInteractiveSignInDateTime</c>: Microsoft documents those as the last
/// <em>attempts</em>, "regardless of whether the attempt was successful", and says to use
/// <c>lastSuccessfulSignInDateTime</c> to track actual account access. A dormant account under password spray keeps
/// fresh attempt times and would never look unused (issue 17, item 6).
/// </summary>
/// <remarks>
/// Source: https://learn.microsoft.com/graph/api/resources/signinactivity (checked 2026-12-07): the attempt semantics
/// above; <c>lastSuccessfulSignInDateTime</c> is recorded "effective December 1, 2023" and "isn't backfilled". So a
/// null time means "no successful sign-in since then": the account has been unused since the later of that date and
/// its creation. The attempt times are kept as evidence: an attempt later than the last success was a failure.
/// </remarks>
internal static class UserActivity
{
    /// <summary>The day Microsoft Entra started recording <c>lastSuccessfulSignInDateTime</c> (no backfill).</summary>
    public static readonly DateTimeOffset SuccessRecordedSince = new(2023, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The input every staleness rule reads besides <c>users.signInActivity</c>.</summary>
    public const string LastSuccessfulInput = "users.signInActivity.lastSuccessfulSignInDateTime";

    public static readonly string[] EvidenceFields =
    [
        "displayName", "userPrincipalName", "lastSuccessfulSignInAt", "daysSinceLastSuccessfulSignIn", "lastSignInAt", "lastNonInteractiveSignInAt",
        "lastFailedAttemptAt", "createdAt", "onPremisesSyncEnabled", "staleAfterDays",
    ];

    /// <summary>
    /// No successful sign-in for <paramref name="days"/> days; with none recorded at all, unused since the later of
    /// its creation and <see cref="SuccessRecordedSince"/> (an account Graph gives no creation time for is at least
    /// that old: only very old accounts lack one).
    /// </summary>
    public static bool IsStale(UserRecord user, int days, DateTimeOffset asOf) => UnusedSince(user) < asOf.AddDays(-days);

    /// <summary>Since when the account has not been used: its last successful sign-in, else the later of creation and the start of recording.</summary>
    public static DateTimeOffset UnusedSince(UserRecord user)
        => user.LastSuccessfulSignInAt
           ?? (CreatedAt(user) is { } created && created > SuccessRecordedSince ? created : SuccessRecordedSince);

    /// <summary>Graph reports 0001-01-01 as the creation time of some very old accounts: that is "unknown", not a date.</summary>
    public static DateTimeOffset? CreatedAt(UserRecord user) => user.CreatedAt is { Year: > 1 } created ? created : null;

    public static int? DaysSinceLastSuccessfulSignIn(UserRecord user, DateTimeOffset asOf)
        => user.LastSuccessfulSignInAt is { } last ? (int)Math.Floor((asOf - last).TotalDays) : null;

    /// <summary>
    /// The latest sign-in attempt, interactive or not, when it came after the last successful sign-in (or after the
    /// start of recording, with none): a success would have moved the successful time, so this attempt failed.
    /// </summary>
    public static DateTimeOffset? LastFailedAttempt(UserRecord user)
    {
        var attempt = (user.LastSignInAt, user.LastNonInteractiveSignInAt) switch
        {
            ({ } interactive, { } nonInteractive) => interactive > nonInteractive ? interactive : nonInteractive,
            (var interactive, var nonInteractive) => interactive ?? nonInteractive,
        };
        return attempt is { } at && at > (user.LastSuccessfulSignInAt ?? SuccessRecordedSince) ? at : null;
    }

    /// <summary>
    /// Failed sign-ins within the staleness window on an account nobody has used for longer: what password guessing
    /// or spraying against a dormant account looks like, so the same finding is worth more.
    /// </summary>
    public static IEnumerable<ScoreSignal> FailedAttemptSignal(UserRecord user, int days, DateTimeOffset asOf)
    {
        if (LastFailedAttempt(user) is { } failed && failed >= asOf.AddDays(-days))
        {
            yield return new ScoreSignal("failed-sign-ins-while-unused", 1.5m, $"a sign-in attempt on {failed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} failed although nobody has signed in successfully for longer: someone may be guessing this password");
        }
    }

    /// <summary>The evidence of a staleness finding; the privileged variant adds its roles.</summary>
    public static Evidence Evidence(UserRecord user, int days, DateTimeOffset asOf) => new()
    {
        { "displayName", user.DisplayName },
        { "userPrincipalName", user.UserPrincipalName ?? "" },
        { "lastSuccessfulSignInAt", user.LastSuccessfulSignInAt },
        { "daysSinceLastSuccessfulSignIn", DaysSinceLastSuccessfulSignIn(user, asOf) },
        { "lastSignInAt", user.LastSignInAt },
        { "lastNonInteractiveSignInAt", user.LastNonInteractiveSignInAt },
        { "lastFailedAttemptAt", LastFailedAttempt(user) },
        { "createdAt", CreatedAt(user) },
        { "onPremisesSyncEnabled", user.OnPremisesSyncEnabled },
        { "staleAfterDays", days },
    };
}
