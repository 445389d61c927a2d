using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// An enabled user with a privileged role, active or eligible through Privileged Identity Management, and no MFA
/// method registered: a password is all that stands between an attacker and the role, and whoever first completes
/// MFA registration owns the account (and can then satisfy PIM's MFA on activation). Eligible holders count
/// (<see cref="PrivilegedRoles.UsersIncludingEligible"/>), with evidence <c>eligibleRoles</c> and an "eligible" signal.
/// </summary>
/// <remarks>
/// The registration report lists every user of the tenant, and the collector keeps it only when it read
/// every page. A privileged user absent from a report that lists anyone at all has therefore no
/// registration Graph knows of, and is reported as unregistered (<c>inRegistrationReport</c> false). An
/// empty report says nothing about anyone, so it produces no finding. Disabled accounts are skipped:
/// they cannot sign in.
/// </remarks>
public sealed class PrivilegedUserNoMfaRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-privileged-user-no-mfa",
        "Privileged user has no MFA method registered",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.User,
        [.. RuleInputs.Collection("userRegistrationDetails", "isMfaRegistered"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users", "accountEnabled")],
        ["displayName", "userPrincipalName", "roles", "eligibleRoles", "viaGroups", "inRegistrationReport", "methodsRegistered"],
        [
            FrameworkReference.Cis("5.2.3.4").Partially("judges privileged users only; CIS wants every member user MFA capable"), FrameworkReference.Attack("T1078.004"), FrameworkReference.Attack("T1110"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (inventory.MfaRegistrations.Count == 0)
        {
            yield break;
        }

        foreach (var (user, holder) in PrivilegedRoles.UsersIncludingEligible(inventory).Where(x => x.User.AccountEnabled))
        {
            var registration = inventory.MfaRegistrationOf(user.ObjectId);
            if (registration is { IsMfaRegistered: true })
            {
                continue;
            }

            var evidence = PrivilegedRoles.HolderEvidence(user, holder);
            evidence.Add("inRegistrationReport", registration is not null);
            evidence.Add("methodsRegistered", registration?.MethodsRegistered ?? []);
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, evidence, [.. PrivilegedRoles.ControlPlaneSignal(holder), .. PrivilegedRoles.EligibleSignal(holder)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => PrivilegedRoles.UsersIncludingEligible(inventory).Count(x => x.User.AccountEnabled);
}
