using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Which permission grant policies let users consent to apps for themselves
/// (<c>defaultUserRolePermissions.permissionGrantPoliciesAssigned</c> of the authorization policy).
/// </summary>
internal static class UserConsent
{
    public const string SelfConsentPrefix = "ManagePermissionGrantsForSelf.";

    /// <summary>Microsoft's recommended option: apps from verified publishers, permissions classified low impact.</summary>
    public const string LowImpactPolicy = SelfConsentPrefix + "microsoft-user-default-low";

    public static readonly string[] EvidenceFields = ["displayName", "permissionGrantPoliciesAssigned", "selfConsentPolicies", "allowUserConsentForRiskyApps"];

    public static string[] SelfConsentPolicies(TenantPolicyRecord policy)
        => PolicySettings.Strings(policy, "permissionGrantPoliciesAssigned").Where(p => p.StartsWith(SelfConsentPrefix, StringComparison.OrdinalIgnoreCase)).ToArray();

    public static RuleHit Hit(TenantPolicyRecord policy, string[] selfConsent, params ScoreSignal[] signals)
        => new(policy.PolicyId, policy.DisplayName, new Evidence
        {
            { "displayName", policy.DisplayName ?? policy.PolicyId },
            { "permissionGrantPoliciesAssigned", PolicySettings.Strings(policy, "permissionGrantPoliciesAssigned") },
            { "selfConsentPolicies", selfConsent },
            { "allowUserConsentForRiskyApps", PolicySettings.Bool(policy, "allowUserConsentForRiskyApps") ?? false },
        }, signals);
}
