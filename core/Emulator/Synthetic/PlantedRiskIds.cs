namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The stable ids of the risks <see cref="SyntheticTenantGenerator"/> plants. Every tenant, of any
/// size, carries the same set; each (risk, object) pair appears once in <see cref="SyntheticTenant.PlantedRisks"/>.
/// </summary>
public static class PlantedRiskIds
{
    // Application credentials (object: application; the credential is in passwordCredentials).
    public const string AppSecretExpired = "app-secret-expired";
    public const string AppSecretExpiring7Days = "app-secret-expiring-7d";
    public const string AppSecretExpiring30Days = "app-secret-expiring-30d";
    public const string AppSecretLifetimeOver1Year = "app-secret-lifetime-over-1y";
    public const string AppSecretNoRealisticEnd = "app-secret-no-realistic-end";
    public const string AppMultipleActiveSecrets = "app-multiple-active-secrets";
    public const string AppSecretWhereCertificateWouldServe = "app-secret-where-certificate-would-serve";

    // Service principal credentials (object: servicePrincipal).
    public const string SpCredentialOnServicePrincipal = "sp-credential-on-service-principal";
    public const string SpCredentialOnFirstParty = "sp-credential-on-first-party";
    public const string SpHybridCertificateOnFirstParty = "sp-hybrid-certificate-on-first-party";

    // Permissions (object: the client servicePrincipal for application permissions; the grant for delegated ones).
    public const string AppGraphTier0Permission = "app-graph-tier0-permission";
    public const string AppGraphHighPermission = "app-graph-high-permission";
    public const string GrantTenantWideSensitiveScope = "grant-tenant-wide-sensitive-scope";
    public const string GrantUserConsentOfflineMail = "grant-user-consent-offline-mail";

    // App registration configuration (object: application).
    public const string AppMultitenantUnverifiedHighPrivilege = "app-multitenant-unverified-high-privilege";
    public const string AppRedirectWildcard = "app-redirect-wildcard";
    public const string AppRedirectHttp = "app-redirect-http";
    public const string AppRedirectLocalhost = "app-redirect-localhost";
    public const string AppRedirectSharedCloudDomain = "app-redirect-shared-cloud-domain";
    public const string AppImplicitGrant = "app-implicit-grant";
    public const string AppNoOwners = "app-no-owners";
    public const string AppOwnedByGuest = "app-owned-by-guest";
    public const string AppOwnedByDisabledUser = "app-owned-by-disabled-user";
    public const string AppPrivilegedOwnedByNonAdmin = "app-privileged-owned-by-non-admin";
    public const string AppUnused = "app-unused";
    public const string AppFederatedCredentialPrivileged = "app-federated-credential-privileged";

    // Directory roles and users.
    public const string RoleGlobalAdminCount = "role-global-admin-count";
    public const string RoleGuestPrivileged = "role-guest-privileged";
    public const string RoleServicePrincipalPrivileged = "role-service-principal-privileged";
    public const string RolePrivilegedUserNoMfa = "role-privileged-user-no-mfa";
    public const string RolePrivilegedUserStale = "role-privileged-user-stale";
    public const string RoleSyncedAccountPrivileged = "role-synced-account-privileged";

    /// <summary>A user (object: user) holding a privileged role through a permanent active assignment (PIM <c>Assigned</c>, no end).</summary>
    public const string RolePrivilegedPermanent = "role-privileged-permanent";
    public const string UserStale = "user-stale";
    public const string GuestStale = "guest-stale";
    public const string SignInLegacyAuthentication = "signin-legacy-authentication";

    /// <summary>A privileged user (object: user) with successful interactive sign-ins that did not satisfy MFA (<c>authenticationRequirement</c> singleFactorAuthentication).</summary>
    public const string SignInPrivilegedWithoutMfa = "signin-privileged-without-mfa";

    // issue 19 E3
    /// <summary>A privileged user (object: user) with successful sign-ins whose <c>conditionalAccessStatus</c> is notApplied.</summary>
    public const string SignInConditionalAccessNotApplied = "signin-conditional-access-not-applied";

    // Tenant policies.
    public const string PolicySecurityDefaultsOffNoCaMfa = "policy-security-defaults-off-no-ca-mfa";
    public const string PolicyNoLegacyAuthBlock = "policy-no-legacy-auth-block";
    public const string PolicyUsersCanConsent = "policy-users-can-consent";
    public const string PolicyUsersCanRegisterApps = "policy-users-can-register-apps";
    public const string PolicyGuestInvitesEveryone = "policy-guest-invites-everyone";
    public const string PolicyDeviceCodeFlowNotBlocked = "policy-device-code-flow-not-blocked";
    public const string PolicyAdminMfaNotEnforced = "policy-admin-mfa-not-enforced";

    // issue 19 A3: Conditional Access authentication strengths and session controls (object: tenant).
    public const string PolicyPhishingResistantMfaNotEnforced = "policy-phishing-resistant-mfa-not-enforced";
    public const string PolicyAdminPhishingResistantMfaNotEnforced = "policy-admin-phishing-resistant-mfa-not-enforced";
    public const string PolicyBrowserSessionPersistent = "policy-browser-session-persistent";
    public const string PolicySignInFrequencyNotEnforced = "policy-sign-in-frequency-not-enforced";
    public const string PolicyAppEnforcedRestrictionsOff = "policy-app-enforced-restrictions-off";

    // issue 19 A1: risk-based Conditional Access (object: tenant; the combined policy: policy, its id).
    public const string PolicyHighRiskUsersNotBlocked = "policy-high-risk-users-not-blocked";
    public const string PolicyHighRiskSignInsNotBlocked = "policy-high-risk-sign-ins-not-blocked";
    public const string PolicyRiskySignInsNoMfa = "policy-risky-sign-ins-no-mfa";
    public const string PolicyHighRiskUsersNoPasswordChange = "policy-high-risk-users-no-password-change";
    public const string PolicyRiskConditionsCombined = "policy-risk-conditions-combined";

    // issue 19 A2: Maester's Conditional Access baseline (object: tenant; the per-policy ones: policy, the CA policy's id).
    public const string CaNoManagedDevicePolicy = "ca-no-managed-device-policy";
    public const string CaAdminManagedDeviceNotRequired = "ca-admin-managed-device-not-required";
    public const string CaAzureManagementMfaNotRequired = "ca-azure-management-mfa-not-required";
    public const string CaGuestMfaNotRequired = "ca-guest-mfa-not-required";
    public const string CaSecurityInfoRegistrationUnrestricted = "ca-security-info-registration-unrestricted";
    public const string CaNoUnknownPlatformBlock = "ca-no-unknown-platform-block";
    public const string CaApprovedClientAppGrant = "ca-approved-client-app-grant";
    public const string CaPolicyWithoutTargetResources = "ca-policy-without-target-resources";

    // Singleton policies under policies/ (object: policy, the singleton's id).
    public const string PolicyWeakAuthMethodsEnabled = "policy-weak-auth-methods-enabled";
    public const string PolicyAdminConsentWorkflowOff = "policy-admin-consent-workflow-off";
    public const string PolicyAppCredentialLifetimeUnrestricted = "policy-app-credential-lifetime-unrestricted";

    // issue 19 E2: users and roles (object: user, or the tenant for tenant-wide measures).
    public const string RolePrivilegedUserNoPhishingResistantMethod = "role-privileged-user-no-phishing-resistant-method";
    public const string RoleGlobalAdminRatio = "role-global-admin-ratio";
    public const string UserMfaRegistrationCoverage = "user-mfa-registration-coverage";
    public const string UserMfaTelephoneOnly = "user-mfa-telephone-only";
    public const string UserKrbtgtAzureAdSynced = "user-krbtgt-azuread-synced";
    public const string GuestInvitationPending = "guest-invitation-pending";
    // issue 19 B: authorization policy settings (object: the authorization policy).
    public const string PolicyGuestAccessNotRestricted = "policy-guest-access-not-restricted";
    public const string PolicyUsersCanCreateTenants = "policy-users-can-create-tenants";
    public const string PolicyUsersCanCreateSecurityGroups = "policy-users-can-create-security-groups";
    public const string PolicyMsolPowerShellNotBlocked = "policy-msol-powershell-not-blocked";
    public const string PolicyUsersCanReadOwnBitLockerKeys = "policy-users-can-read-own-bitlocker-keys";
    public const string PolicyEmailSubscriptionSignUp = "policy-email-subscription-sign-up";
    public const string PolicyEmailVerifiedUsersCanJoin = "policy-email-verified-users-can-join";
    public const string PolicyUsersCanConsentRiskyApps = "policy-users-can-consent-risky-apps";
    public const string PolicyUsersCannotReadOtherUsers = "policy-users-cannot-read-other-users";
    public const string PolicyGuestInvitesNotLimited = "policy-guest-invites-not-limited";
    // issue 19 E1: certificate hygiene, dormant apps, unused privilege, foreign apps with roles, owners without MFA (SyntheticAppHygiene).
    public const string AppCertificateExpired = "app-certificate-expired";
    public const string AppCertificateExpiring30Days = "app-certificate-expiring-30d";
    public const string AppCertificateLifetimeOver1Year = "app-certificate-lifetime-over-1y";
    public const string SpCertificateExpired = "sp-certificate-expired";
    public const string SpCertificateExpiring30Days = "sp-certificate-expiring-30d";
    public const string AppDormantWithCredentials = "app-dormant-with-credentials";
    public const string SpPrivilegedPermissionUnused = "sp-privileged-permission-unused";
    public const string SpForeignDirectoryRole = "sp-foreign-directory-role";
    public const string AppOwnerWithoutMfa = "app-owner-without-mfa";
    // issue 19 C: service principals' assignment (object: the servicePrincipal; tenant for the two tenant-wide ones),
    // directory settings and domains (object: policy, the setting's or domain's id), PIM role settings (object: policy).
    public const string SpAssignmentNotRequired = "sp-assignment-not-required";
    public const string SpHighPrivilegeFirstPartyOpen = "sp-high-privilege-first-party-open";
    public const string PolicyThirdPartyStorageAllowed = "policy-third-party-storage-allowed";
    public const string PolicyDomainPasswordExpiry = "policy-domain-password-expiry";
    public const string PolicyGuestsCanOwnGroups = "policy-guests-can-own-groups";
    public const string PolicySmartLockoutWeak = "policy-smart-lockout-weak";
    public const string PimGlobalAdminActivationWithoutApproval = "pim-global-admin-activation-without-approval";
    public const string PimRoleActivationAlertMissing = "pim-role-activation-alert-missing";

    /// <summary>Every id above, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AppSecretExpired, AppSecretExpiring7Days, AppSecretExpiring30Days, AppSecretLifetimeOver1Year,
        AppSecretNoRealisticEnd, AppMultipleActiveSecrets, AppSecretWhereCertificateWouldServe,
        SpCredentialOnServicePrincipal, SpCredentialOnFirstParty, SpHybridCertificateOnFirstParty,
        AppGraphTier0Permission, AppGraphHighPermission, GrantTenantWideSensitiveScope, GrantUserConsentOfflineMail,
        AppMultitenantUnverifiedHighPrivilege, AppRedirectWildcard, AppRedirectHttp, AppRedirectLocalhost,
        AppRedirectSharedCloudDomain, AppImplicitGrant, AppNoOwners, AppOwnedByGuest, AppOwnedByDisabledUser,
        AppPrivilegedOwnedByNonAdmin, AppUnused, AppFederatedCredentialPrivileged,
        RoleGlobalAdminCount, RoleGuestPrivileged, RoleServicePrincipalPrivileged, RolePrivilegedUserNoMfa,
        RolePrivilegedUserStale, RoleSyncedAccountPrivileged, RolePrivilegedPermanent, UserStale, GuestStale, SignInLegacyAuthentication, SignInPrivilegedWithoutMfa,
        PolicySecurityDefaultsOffNoCaMfa, PolicyNoLegacyAuthBlock, PolicyUsersCanConsent,
        PolicyUsersCanRegisterApps, PolicyGuestInvitesEveryone, PolicyDeviceCodeFlowNotBlocked, PolicyAdminMfaNotEnforced,
        PolicyHighRiskUsersNotBlocked, PolicyHighRiskSignInsNotBlocked, PolicyRiskySignInsNoMfa, PolicyHighRiskUsersNoPasswordChange, PolicyRiskConditionsCombined,
        PolicyWeakAuthMethodsEnabled, PolicyAdminConsentWorkflowOff, PolicyAppCredentialLifetimeUnrestricted,
        RolePrivilegedUserNoPhishingResistantMethod, RoleGlobalAdminRatio, UserMfaRegistrationCoverage, UserMfaTelephoneOnly, UserKrbtgtAzureAdSynced, GuestInvitationPending, // issue 19 E2

        // issue 19 A2
        CaNoManagedDevicePolicy, CaAdminManagedDeviceNotRequired, CaAzureManagementMfaNotRequired, CaGuestMfaNotRequired,
        CaSecurityInfoRegistrationUnrestricted, CaNoUnknownPlatformBlock, CaApprovedClientAppGrant, CaPolicyWithoutTargetResources,
        PolicyGuestAccessNotRestricted, PolicyUsersCanCreateTenants, PolicyUsersCanCreateSecurityGroups, PolicyMsolPowerShellNotBlocked,
        PolicyUsersCanReadOwnBitLockerKeys, PolicyEmailSubscriptionSignUp, PolicyEmailVerifiedUsersCanJoin, PolicyUsersCanConsentRiskyApps,
        PolicyUsersCannotReadOtherUsers, PolicyGuestInvitesNotLimited,

        // issue 19 E1:
        AppCertificateExpired, AppCertificateExpiring30Days, AppCertificateLifetimeOver1Year, SpCertificateExpired, SpCertificateExpiring30Days,
        AppDormantWithCredentials, SpPrivilegedPermissionUnused, SpForeignDirectoryRole, AppOwnerWithoutMfa,
        PolicyPhishingResistantMfaNotEnforced, PolicyAdminPhishingResistantMfaNotEnforced, PolicyBrowserSessionPersistent,
        PolicySignInFrequencyNotEnforced, PolicyAppEnforcedRestrictionsOff,
        SpAssignmentNotRequired, SpHighPrivilegeFirstPartyOpen, PolicyThirdPartyStorageAllowed, // issue 19 C
        PolicyDomainPasswordExpiry, PolicyGuestsCanOwnGroups, PolicySmartLockoutWeak, PimGlobalAdminActivationWithoutApproval, PimRoleActivationAlertMissing,
        SignInConditionalAccessNotApplied, // issue 19 E3
    ];
}
