using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.PrivilegedAccess;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Fewer than <see cref="MinimumCoveragePercent"/> % of the tenant's enabled member accounts are registered for MFA
/// (<c>userRegistrationDetails.isMfaRegistered</c>). A Conditional Access policy that requires MFA cannot challenge an
/// account with no method; instead it asks the account to register one at its next sign-in, and whoever signs in
/// first with the password (the user, or an attacker who phished or sprayed it) registers their own method and keeps
/// the account. No peer has this check (peer-checks.md "Ten checks", 4): the peers read the policies, not who can
/// actually be challenged.
/// </summary>
/// <remarks>
/// The threshold: Microsoft publishes none. 95 % leaves room for accounts created in the last days (security defaults
/// give a new user 14 days to register) and for the few shared or kiosk accounts a tenant documents, and fails a tenant
/// where one member in twenty can still be claimed by whoever has the password. Members only: a guest registers MFA in
/// its home tenant when this tenant trusts that MFA, so its absence here says nothing. Break-glass accounts of the
/// settings are left out. A member missing from a non-empty report has no registration Graph knows of (the collector
/// keeps the report only when it read every page); an empty report says nothing about anyone and produces no finding.
/// Medium: the exposure is spread over ordinary accounts, not concentrated on admins (role-privileged-user-no-mfa).
/// </remarks>
public sealed class MfaRegistrationCoverageRule : PostureRule
{
    /// <summary>The share of enabled members, in percent, that must be registered for MFA.</summary>
    internal const int MinimumCoveragePercent = 95;

    /// <summary>How many unregistered accounts the evidence names: enough to start with, small enough to read.</summary>
    internal const int NamedAccounts = 25;

    public override RuleDefinition Definition { get; } = new(
        "user-mfa-registration-coverage",
        "Too few member accounts are registered for MFA",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        [.. RuleInputs.Collection("userRegistrationDetails", "isMfaRegistered"), .. RuleInputs.Collection("users", "accountEnabled", "userType")],
        ["memberCount", "registeredCount", "coveragePercent", "minimumPercent", "unregisteredCount", "unregisteredUserPrincipalNames"],
        [FrameworkReference.Attack("T1098.005"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var members = Members(inventory, scan).ToList();
        if (inventory.MfaRegistrations.Count == 0 || members.Count == 0)
        {
            yield break;
        }

        var unregistered = members.Where(u => inventory.MfaRegistrationOf(u.ObjectId) is not { IsMfaRegistered: true }).ToList();
        var registered = members.Count - unregistered.Count;

        // Integer arithmetic, so the verdict never depends on rounding: registered / members < minimum / 100.
        if (registered * 100L >= (long)MinimumCoveragePercent * members.Count)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "memberCount", members.Count },
            { "registeredCount", registered },
            { "coveragePercent", (int)(registered * 100L / members.Count) },
            { "minimumPercent", MinimumCoveragePercent },
            { "unregisteredCount", unregistered.Count },
            { "unregisteredUserPrincipalNames", unregistered.Select(u => u.UserPrincipalName ?? u.DisplayName).Order(StringComparer.Ordinal).Take(NamedAccounts).ToList() },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static IEnumerable<UserRecord> Members(TenantInventory inventory, ScanFacts scan)
        => inventory.Users.Where(u => u.AccountEnabled
            && string.Equals(u.UserType, "Member", StringComparison.OrdinalIgnoreCase)
            && !PrivilegedRoles.IsBreakGlass(u, scan));
}
