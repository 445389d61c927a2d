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

    /// <summary>
    /// "Let Microsoft manage your consent settings (Recommended)": a built-in policy Microsoft maintains and may tighten,
    /// not a custom one (issue 17 item 3; Microsoft's configure-user-consent page). Rated with the low-impact option.
    /// </summary>
    public const string MicrosoftManagedPolicy = SelfConsentPrefix + "microsoft-user-default-recommended";

    /// <summary>Whether a self-consent policy is one of Microsoft's recommended built-in options.</summary>
    public static bool IsMicrosoftRecommended(string policy)
        => string.Equals(policy, LowImpactPolicy, StringComparison.OrdinalIgnoreCase)
           || string.Equals(policy, MicrosoftManagedPolicy, StringComparison.OrdinalIgnoreCase);

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
