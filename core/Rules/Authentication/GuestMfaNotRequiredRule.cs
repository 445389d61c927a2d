using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Security defaults are off and no enabled Conditional Access policy requires MFA of guests and external users on all
/// applications: a guest's home-tenant password alone opens this tenant's resources. As Maester's Test-MtCaMfaForGuest
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtCaMfaForGuest.ps1, MT.1016): enabled, not a
/// password-change policy, all applications, all users or "GuestsOrExternalUsers" or all six guest types included, no guest
/// type excluded; except that MFA must be required, not one option among others, and security defaults pass.
/// </summary>
public sealed class GuestMfaNotRequiredRule : PostureRule
{
    private static readonly string[] GuestTypes = ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"];

    public override RuleDefinition Definition { get; } = new(
        "ca-guest-mfa-not-required",
        "MFA is not required for guest access",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies"],
        ["securityDefaultsEnabled", "enabledPolicies", "guestMfaPoliciesNotEnforced", "guestMfaPoliciesExcludingGuests"],
        [
            FrameworkReference.Maester("MT.1016").Partially("Maester also passes a policy where MFA is one option beside another control, and fails when security defaults (which require MFA of every user) are on; this rule wants MFA required and passes on security defaults"),
            FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var policies = ConditionalAccessPolicy.All(inventory).Where(p => !ConditionalAccessBaseline.IsPasswordChangePolicy(p)).ToList();
        if (policies.Any(p => p.IsEnabled && Covers(p)))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "guestMfaPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && Covers(p)).Select(p => p.Label) },
            { "guestMfaPoliciesExcludingGuests", policies.Where(p => p.IsEnabled && MfaForGuestsOnAllApps(p) && ExcludesGuests(p)).Select(p => p.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool Covers(ConditionalAccessPolicy policy) => MfaForGuestsOnAllApps(policy) && !ExcludesGuests(policy);

    private static bool MfaForGuestsOnAllApps(ConditionalAccessPolicy policy)
    {
        // The reader stores the guest types as the SDK's flags value ("InternalGuest, B2bCollaborationGuest"), read back as a list.
        var guests = PolicySettings.Has(policy.IncludeUsers, "GuestsOrExternalUsers") || GuestTypes.All(t => PolicySettings.Has(policy.Users.IncludeGuestsOrExternalUsers, t));
        return policy.RequiresMfa && policy.TargetsAllApplications && (policy.TargetsAllUsers || guests);
    }

    private static bool ExcludesGuests(ConditionalAccessPolicy policy) => policy.Users.ExcludeGuestsOrExternalUsers.Length > 0;
}
