using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// An enabled privileged user, active or eligible through PIM, who is registered for MFA but with no phishing-resistant
/// method (passkey/FIDO2, Windows Hello for Business, macOS platform credential): an adversary-in-the-middle phishing
/// page relays the password and the push or code alike, and takes the session. No peer has this check (peer-checks.md
/// "Ten checks", 3): ScubaGear MS.AAD.3.6v1 and Maester CISA.MS.AAD.3.6 read the Conditional Access policy that
/// would demand such a method, not whether the admins have one, so a policy can "pass" while its admins cannot sign in
/// with it, or while they are excluded.
/// </summary>
/// <remarks>
/// Users with no MFA at all are <c>role-privileged-user-no-mfa</c>'s (High), not this rule's: one cause, one finding.
/// Members of a role-assignable group count, as in the other privileged-holder rules. Medium, not High: Microsoft
/// Authenticator push with number matching is Microsoft's default and a documented normal set-up; phishing-resistant
/// methods for admins are its recommendation (https://learn.microsoft.com/entra/identity/authentication/how-to-deploy-phishing-resistant-passwordless-authentication,
/// not re-read this session). Certificate-based authentication is invisible to the registration report
/// (<see cref="RegisteredMethods"/>); the finding says so.
/// </remarks>
public sealed class PrivilegedUserNoPhishingResistantMethodRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-privileged-user-no-phishing-resistant-method",
        "Privileged user has no phishing-resistant MFA method registered",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.User,
        [.. RuleInputs.Collection("userRegistrationDetails", "isMfaRegistered", "methodsRegistered"), .. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("users", "accountEnabled")],
        ["displayName", "userPrincipalName", "roles", "eligibleRoles", "viaGroups", "methodsRegistered"],
        [FrameworkReference.Attack("T1557"), FrameworkReference.Attack("T1111")]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PrivilegedRoles.EligibilityUnknown(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var (user, holder) in Candidates(inventory))
        {
            var registration = inventory.MfaRegistrationOf(user.ObjectId)!;
            if (RegisteredMethods.HasPhishingResistant(registration.MethodsRegistered))
            {
                continue;
            }

            var evidence = PrivilegedRoles.HolderEvidence(user, holder);
            evidence.Add("methodsRegistered", registration.MethodsRegistered.Order(StringComparer.Ordinal).ToList());
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, evidence, [.. PrivilegedRoles.ControlPlaneSignal(holder), .. PrivilegedRoles.EligibleSignal(holder)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory).Count();

    /// <summary>Enabled privileged users registered for MFA: the unregistered are another rule's.</summary>
    private static IEnumerable<(UserRecord User, PrivilegedHolder Holder)> Candidates(TenantInventory inventory)
        => PrivilegedRoles.UsersIncludingEligible(inventory)
            .Where(x => x.User.AccountEnabled && inventory.MfaRegistrationOf(x.User.ObjectId) is { IsMfaRegistered: true });
}
