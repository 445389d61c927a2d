namespace IdentityOps.Core.Rules.Engine;

/// <summary>
/// A rule that can report the same object for the same cause as a more specific (or more severe) rule:
/// when both fire on one object, the engine keeps one finding, under <see cref="ReportedUnder"/>, and adds
/// to it a signal naming <see cref="RuleId"/> (docs/risk-score.md, "One cause, one finding").
/// </summary>
/// <param name="RuleId">The rule whose finding is folded into the other one.</param>
/// <param name="ReportedUnder">The rule whose finding carries both; its severity is at least <paramref name="RuleId"/>'s (a test checks).</param>
/// <param name="Why">Why the two are one cause, in words (shown in docs/risk-score.md).</param>
/// <param name="SameValues">
/// Evidence that must match for the two findings to be one cause: each pair names a field of
/// <paramref name="RuleId"/>'s evidence and a field of <paramref name="ReportedUnder"/>'s whose values must contain all
/// of the first's (a single value counts as a list of one). Empty: the same object is enough.
/// </param>
public sealed record RuleOverlap(string RuleId, string ReportedUnder, string Why, IReadOnlyList<(string Field, string InField)> SameValues)
{
    public RuleOverlap(string ruleId, string reportedUnder, string why)
        : this(ruleId, reportedUnder, why, [])
    {
    }

    /// <summary>The stable name of the signal the kept finding carries: <c>also-&lt;rule id&gt;</c>.</summary>
    public string SignalName => $"also-{RuleId}";
}

/// <summary>
/// Every pair of rules that one object and one cause can make fire twice. Kept in one list, beside the engine
/// that applies it, so that a rule's own file stays about its own condition and the pairs can be reviewed
/// together; <c>RuleCatalogTests</c> fails when a pair names a rule or evidence field that does not exist,
/// when the kept rule is less severe than the folded one, or when the pairs form a cycle.
/// </summary>
public static class RuleOverlaps
{
    public static readonly IReadOnlyList<RuleOverlap> All =
    [
        new("sp-credential-on-service-principal", "sp-credential-on-first-party",
            "A secret on a Microsoft first-party service principal is also a secret on a service principal; the first-party rule names every credential of it.",
            [("credentialId", "credentialIds")]),
        new("app-secret-lifetime-over-1y", "app-secret-no-realistic-end",
            "A secret that never realistically ends is also valid for more than a year; one replacement with a short lifetime settles both."),
        new("user-stale", "role-privileged-user-stale",
            "The same account and the same last sign-in; the privileged rule's shorter window and higher severity already say it holds a role."),
        new("guest-stale", "role-privileged-user-stale",
            "The same guest and the same last successful sign-in; the privileged rule's shorter window and higher severity already say it holds a role."),
        new("signin-legacy-authentication", "signin-legacy-authentication-privileged",
            "The same user's legacy sign-ins; for a privileged user who signed in successfully, the privileged rule reports them."),
        new("sp-third-party-unverified-privileged", "app-graph-tier0-permission",
            "The same permissions of the same service principal; the tier rule's finding already carries the third-party-app and unverified-publisher signals."),
        new("sp-third-party-unverified-privileged", "app-graph-high-permission",
            "As above, when the app's privileged permissions are of the indirect tier only."),
        new("app-owned-by-guest", "app-privileged-owned-by-non-admin",
            "The same owners of the same app: a guest without a privileged role is a non-admin owner, and the privileged app's finding names them.",
            [("ownerIds", "ownerIds")]),
        new("app-owned-by-disabled-user", "app-privileged-owned-by-non-admin",
            "The same owners of the same app: a disabled account without a privileged role is a non-admin owner, and the privileged app's finding names them.",
            [("ownerIds", "ownerIds")]),

        // issue 19 A2: Maester's Conditional Access baseline checks that one all-users MFA policy settles together.
        new("ca-guest-mfa-not-required", "policy-security-defaults-off-no-ca-mfa",
            "A policy that requires MFA of all users on all applications also requires it of guests; the tenant-wide finding names what is missing."),
        new("ca-azure-management-mfa-not-required", "policy-security-defaults-off-no-ca-mfa",
            "A policy that requires MFA of all users on all applications also covers Azure management; the tenant-wide finding names what is missing."),
        new("ca-no-all-users-all-apps-policy", "policy-security-defaults-off-no-ca-mfa",
            "The missing MFA policy for all users is the missing all-users, all-applications policy; creating it settles both."),
        new("security-defaults-off-free-tenant", "policy-security-defaults-off-no-ca-mfa",
            "Security defaults off with no MFA policy: one cause, whether or not the tenant can have Conditional Access."),
        new("ca-no-managed-device-policy", "ca-admin-managed-device-not-required",
            "A managed device required of all users on all applications also covers the administrators; the administrators' finding is the more severe."),
        // issue 19 B
        new("policy-guest-invites-not-limited", "policy-guest-invites-everyone",
            "The same allowInvitesFrom of the same authorization policy: when everyone may invite, the narrower finding says guests may too."),
        // issue 19 E1:
        new("app-unused", "app-dormant-with-credentials",
            "The same app and the same missing sign-ins; the dormant-app finding also names the credentials that still work, and removing the app settles both."),
        new("role-service-principal-privileged", "sp-foreign-directory-role",
            "The same service principal and the same roles; the foreign-app finding also says that another organisation holds its credentials.",
            [("roles", "roles")]),
    ];
}
