using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The organization (Entra ID P1 and P2 licensed, so sign-in activity and logs are available) and
/// the tenant-wide policies: Conditional Access, the authorization policy, security defaults, the
/// authentication methods, admin consent request and default app management policies.
/// </summary>
internal static class SyntheticPolicies
{
    public const string AuthorizationPolicyId = "authorizationPolicy";
    public const string SecurityDefaultsPolicyId = "00000000-0000-0000-0000-000000000005";
    public const string LegacyConsentPolicy = "ManagePermissionGrantsForSelf.microsoft-user-default-legacy";
    public const string AuthenticationMethodsPolicyId = "authenticationMethodsPolicy";

    /// <summary>
    /// The object id the rules use for the admin consent request policy. Graph's documented responses
    /// carry no id, and the collector then names the policy by its kind, which is this same string.
    /// </summary>
    public const string AdminConsentRequestPolicyId = "adminConsentRequestPolicy";

    public const string DefaultAppManagementPolicyId = "00000000-0000-0000-0000-000000000000";

    public const string AdminMfaPolicyName = "Require MFA for administrators";
    public const string AllUsersMfaPolicyName = "Require MFA for all users";
    public const string LegacyBlockPolicyName = "Block legacy authentication";
    public const string SessionPolicyName = "Sign-in frequency for unmanaged devices";

    public static void PlantPolicyRisks(SyntheticContext context)
    {
        context.Plant(PlantedRiskIds.PolicySecurityDefaultsOffNoCaMfa, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"identitySecurityDefaultsEnforcementPolicy.isEnabled is false and no enabled Conditional Access policy requires MFA of all users: '{AllUsersMfaPolicyName}' is enabledForReportingButNotEnforced (report-only); the only enabled MFA policy, '{AdminMfaPolicyName}', covers directory roles only.");
        context.Plant(PlantedRiskIds.PolicyNoLegacyAuthBlock, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"No enabled Conditional Access policy blocks clientAppTypes exchangeActiveSync/other: '{LegacyBlockPolicyName}' exists but its state is disabled, and security defaults are off.");
        context.Plant(PlantedRiskIds.PolicyUsersCanConsent, PlantedObjectTypes.AuthorizationPolicy, AuthorizationPolicyId,
            $"defaultUserRolePermissions.permissionGrantPoliciesAssigned contains {LegacyConsentPolicy}: users may consent to apps for themselves.");
        context.Plant(PlantedRiskIds.PolicyUsersCanRegisterApps, PlantedObjectTypes.AuthorizationPolicy, AuthorizationPolicyId,
            "defaultUserRolePermissions.allowedToCreateApps is true.");
        context.Plant(PlantedRiskIds.PolicyGuestInvitesEveryone, PlantedObjectTypes.AuthorizationPolicy, AuthorizationPolicyId,
            "allowInvitesFrom is 'everyone' (guests included).");
        context.Plant(PlantedRiskIds.PolicyDeviceCodeFlowNotBlocked, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No Conditional Access policy has an authenticationFlows condition: the device code flow is blocked nowhere.");
        context.Plant(PlantedRiskIds.PolicyWeakAuthMethodsEnabled, PlantedObjectTypes.Policy, AuthenticationMethodsPolicyId,
            "authenticationMethodsPolicy enables the Sms and Email method configurations (users register mobilePhone for MFA).");
        context.Plant(PlantedRiskIds.PolicyAdminConsentWorkflowOff, PlantedObjectTypes.Policy, AdminConsentRequestPolicyId,
            "adminConsentRequestPolicy.isEnabled is false with no reviewers (the default).");
        context.Plant(PlantedRiskIds.PolicyAppCredentialLifetimeUnrestricted, PlantedObjectTypes.Policy, DefaultAppManagementPolicyId,
            "defaultAppManagementPolicy.isEnabled is false (the default): no lifetime limit on app secrets.");
        PlantRiskPolicyRisks(context);
    }

    // ---- issue 19 A1: risk-based Conditional Access (Entra ID P2) ----------------------------------------------

    public const string CombinedRiskPolicyName = "Block high-risk users at high-risk sign-ins";

    /// <summary>Index of the combined risk policy among the Conditional Access ids: apart from the others' 0, 1, 2 …</summary>
    private const int CombinedRiskPolicyIndex = 190;

    /// <summary>
    /// The tenant's only risk-based policy blocks when user risk AND sign-in risk are both high: it acts on neither alone,
    /// so no policy blocks high-risk users or sign-ins, requires MFA at risky sign-ins or a password change at high user risk.
    /// </summary>
    private static void PlantRiskPolicyRisks(SyntheticContext context)
    {
        var combined = $"'{CombinedRiskPolicyName}' sets userRiskLevels [high] and signInRiskLevels [high] in one policy, so it applies only when both are high";
        context.Plant(PlantedRiskIds.PolicyHighRiskUsersNotBlocked, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant, $"No enabled policy blocks userRiskLevels high alone: {combined}.");
        context.Plant(PlantedRiskIds.PolicyHighRiskSignInsNotBlocked, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant, $"No enabled policy blocks signInRiskLevels high alone: {combined}.");
        context.Plant(PlantedRiskIds.PolicyRiskySignInsNoMfa, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant, "No enabled policy requires mfa (or blocks) at signInRiskLevels high and medium.");
        context.Plant(PlantedRiskIds.PolicyHighRiskUsersNoPasswordChange, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant, "No enabled policy requires passwordChange (or blocks) at userRiskLevels high alone.");
        context.Plant(PlantedRiskIds.PolicyRiskConditionsCombined, PlantedObjectTypes.Policy, SyntheticJson.Id(context.Id("conditionalAccessPolicy", CombinedRiskPolicyIndex)), $"{combined}.");
    }

    private static JsonObject CombinedRiskPolicy(SyntheticContext context)
    {
        var policy = Policy(context, CombinedRiskPolicyIndex, CombinedRiskPolicyName, "enabled", Users(includeUsers: ["All"]), ["all"], Grant("block"), null);
        policy["conditions"]!["userRiskLevels"] = SyntheticJson.Strings(["high"]);
        policy["conditions"]!["signInRiskLevels"] = SyntheticJson.Strings(["high"]);
        return policy;
    }

    public static byte[] OrganizationFile(SyntheticContext context)
    {
        var licensed = context.DaysAgo(900);
        return JsonCollectionBuilder.Of(
        [
            new JsonObject
            {
                ["id"] = SyntheticJson.Id(context.TenantId),
                ["displayName"] = context.OrganizationDisplayName,
                ["tenantType"] = "AAD",
                ["createdDateTime"] = SyntheticJson.Time(context.DaysAgo(2900)),
                ["countryLetterCode"] = "NL",
                ["preferredLanguage"] = "en",
                ["onPremisesSyncEnabled"] = true,
                ["onPremisesLastSyncDateTime"] = SyntheticJson.Time(context.AsOf.AddMinutes(-25)),
                ["verifiedDomains"] = new JsonArray(
                    Domain(context.Domain, isDefault: true, isInitial: false),
                    Domain(context.InitialDomain, isDefault: false, isInitial: true)),
                ["assignedPlans"] = new JsonArray(
                    Plan(licensed, "AADPremiumService", GraphReferenceData.EntraIdP1ServicePlanId),
                    Plan(licensed, "AADPremiumService", GraphReferenceData.EntraIdP2ServicePlanId)),
                ["technicalNotificationMails"] = SyntheticJson.Strings([$"it-notifications@{context.Domain}"]),
            },
        ]);
    }

    public static byte[] SubscribedSkusFile(SyntheticContext context)
    {
        var tenantId = SyntheticJson.Id(context.TenantId);
        var skuId = SyntheticJson.Id(GraphReferenceData.EntraIdP2SkuId);
        return JsonCollectionBuilder.Of(
        [
            new JsonObject
            {
                ["id"] = $"{tenantId}_{skuId}",
                ["accountId"] = tenantId,
                ["accountName"] = context.CompanyName,
                ["appliesTo"] = "User",
                ["capabilityStatus"] = "Enabled",
                ["consumedUnits"] = context.Spec.Users,
                ["skuId"] = skuId,
                ["skuPartNumber"] = "AAD_PREMIUM_P2",
                ["prepaidUnits"] = new JsonObject { ["enabled"] = context.Spec.Users + 50, ["lockedOut"] = 0, ["suspended"] = 0, ["warning"] = 0 },
                ["servicePlans"] = new JsonArray(
                    ServicePlan(GraphReferenceData.EntraIdP2ServicePlanId, "AAD_PREMIUM_P2"),
                    ServicePlan(GraphReferenceData.EntraIdP1ServicePlanId, "AAD_PREMIUM")),
            },
        ]);
    }

    public static byte[] ConditionalAccessPoliciesFile(SyntheticContext context)
    {
        var adminRoles = GraphReferenceData.BuiltInRoles.Where(role => role.IsPrivileged || role == GraphReferenceData.ExchangeAdministrator).Select(role => role.TemplateId);
        return JsonCollectionBuilder.Of(
        [
            Policy(context, 0, AdminMfaPolicyName, "enabled", Users(includeRoles: adminRoles), ["all"], Grant("mfa"), null),
            Policy(context, 1, AllUsersMfaPolicyName, "enabledForReportingButNotEnforced", Users(includeUsers: ["All"]), ["all"], Grant("mfa"), null),
            Policy(context, 2, LegacyBlockPolicyName, "disabled", Users(includeUsers: ["All"]), ["exchangeActiveSync", "other"], Grant("block"), null),
            Policy(context, 3, SessionPolicyName, "enabled", Users(includeUsers: ["All"]), ["browser", "mobileAppsAndDesktopClients"], null, new JsonObject
            {
                ["applicationEnforcedRestrictions"] = null,
                ["cloudAppSecurity"] = null,
                ["persistentBrowser"] = new JsonObject { ["mode"] = "never", ["isEnabled"] = true },
                ["signInFrequency"] = new JsonObject
                {
                    ["value"] = 12,
                    ["type"] = "hours",
                    ["authenticationType"] = "primaryAndSecondaryAuthentication",
                    ["frequencyInterval"] = "timeBased",
                    ["isEnabled"] = true,
                },
            }),

            // issue 19 A1: the one risk-based policy, user risk and sign-in risk in one (Maester MT.1049).
            CombinedRiskPolicy(context),
        ]);
    }

    public static JsonObject AuthorizationPolicyFile() => new()
    {
        ["id"] = AuthorizationPolicyId,
        ["displayName"] = "Authorization Policy",
        ["description"] = "Used to manage authorization related settings across the company.",
        ["allowInvitesFrom"] = "everyone",
        ["allowedToSignUpEmailBasedSubscriptions"] = true,
        ["allowedToUseSSPR"] = true,
        ["allowEmailVerifiedUsersToJoinOrganization"] = false,
        ["allowUserConsentForRiskyApps"] = null,
        ["blockMsolPowerShell"] = false,
        ["guestUserRoleId"] = GraphReferenceData.GuestUserRoleId,
        ["defaultUserRolePermissions"] = new JsonObject
        {
            ["allowedToCreateApps"] = true,
            ["allowedToCreateSecurityGroups"] = true,
            ["allowedToCreateTenants"] = true,
            ["allowedToReadBitlockerKeysForOwnedDevice"] = true,
            ["allowedToReadOtherUsers"] = true,
            ["permissionGrantPoliciesAssigned"] = SyntheticJson.Strings([LegacyConsentPolicy]),
        },
    };

    public static JsonObject SecurityDefaultsFile() => new()
    {
        ["id"] = SecurityDefaultsPolicyId,
        ["displayName"] = "Security Defaults",
        ["description"] = "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.",
        ["isEnabled"] = false,
    };

    /// <summary>A tenant migrated to the authentication methods policy that still allows text messages and email codes.</summary>
    public static JsonObject AuthenticationMethodsPolicyFile() => new()
    {
        ["id"] = AuthenticationMethodsPolicyId,
        ["displayName"] = "Authentication Methods Policy",
        ["description"] = "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
        ["policyVersion"] = "1.5",
        ["policyMigrationState"] = "migrationComplete",
        ["registrationEnforcement"] = new JsonObject
        {
            ["authenticationMethodsRegistrationCampaign"] = new JsonObject { ["snoozeDurationInDays"] = 1, ["state"] = "default", ["excludeTargets"] = new JsonArray(), ["includeTargets"] = new JsonArray() },
        },
        ["authenticationMethodConfigurations"] = new JsonArray(
            Method("Fido2", "enabled"), Method("MicrosoftAuthenticator", "enabled"), Method("Sms", "enabled"), Method("TemporaryAccessPass", "enabled"),
            Method("HardwareOath", "disabled"), Method("SoftwareOath", "enabled"), Method("Voice", "disabled"), Method("Email", "enabled"),
            Method("X509Certificate", "disabled")),
    };

    /// <summary>The default: off, nobody to review.</summary>
    public static JsonObject AdminConsentRequestPolicyFile() => new()
    {
        ["id"] = AdminConsentRequestPolicyId,
        ["isEnabled"] = false,
        ["notifyReviewers"] = false,
        ["remindersEnabled"] = false,
        ["requestDurationInDays"] = 0,
        ["version"] = 0,
        ["reviewers"] = new JsonArray(),
    };

    /// <summary>The default: disabled, no restrictions.</summary>
    public static JsonObject DefaultAppManagementPolicyFile() => new()
    {
        ["id"] = DefaultAppManagementPolicyId,
        ["displayName"] = "Default app management tenant policy",
        ["description"] = "Default tenant policy that enforces app management restrictions on applications and service principals.",
        ["isEnabled"] = false,
        ["applicationRestrictions"] = new JsonObject { ["passwordCredentials"] = new JsonArray(), ["keyCredentials"] = new JsonArray() },
        ["servicePrincipalRestrictions"] = new JsonObject { ["passwordCredentials"] = new JsonArray(), ["keyCredentials"] = new JsonArray() },
    };

    private static JsonObject Method(string id, string state) => new()
    {
        ["@odata.type"] = $"#microsoft.graph.{char.ToLowerInvariant(id[0])}{id[1..]}AuthenticationMethodConfiguration",
        ["id"] = id,
        ["state"] = state,
        ["excludeTargets"] = new JsonArray(),
    };

    private static JsonObject Policy(SyntheticContext context, int index, string displayName, string state, JsonObject users, string[] clientAppTypes, JsonObject? grantControls, JsonObject? sessionControls) => new()
    {
        ["id"] = SyntheticJson.Id(context.Id("conditionalAccessPolicy", index)),
        ["templateId"] = null,
        ["displayName"] = displayName,
        ["createdDateTime"] = SyntheticJson.Time(context.DaysAgo(600 - (index * 90))),
        ["modifiedDateTime"] = SyntheticJson.Time(context.DaysAgo(60 - (index * 10))),
        ["state"] = state,
        ["conditions"] = new JsonObject
        {
            ["userRiskLevels"] = new JsonArray(),
            ["signInRiskLevels"] = new JsonArray(),
            ["clientAppTypes"] = SyntheticJson.Strings(clientAppTypes),
            ["platforms"] = null,
            ["locations"] = null,
            ["devices"] = null,
            ["clientApplications"] = null,
            ["applications"] = new JsonObject
            {
                ["includeApplications"] = SyntheticJson.Strings(["All"]),
                ["excludeApplications"] = new JsonArray(),
                ["includeUserActions"] = new JsonArray(),
                ["includeAuthenticationContextClassReferences"] = new JsonArray(),
            },
            ["users"] = users,
        },
        ["grantControls"] = grantControls,
        ["sessionControls"] = sessionControls,
    };

    private static JsonObject Users(IEnumerable<string>? includeUsers = null, IEnumerable<string>? includeRoles = null) => new()
    {
        ["includeUsers"] = SyntheticJson.Strings(includeUsers ?? []),
        ["excludeUsers"] = new JsonArray(),
        ["includeGroups"] = new JsonArray(),
        ["excludeGroups"] = new JsonArray(),
        ["includeRoles"] = SyntheticJson.Strings(includeRoles ?? []),
        ["excludeRoles"] = new JsonArray(),
        ["includeGuestsOrExternalUsers"] = null,
        ["excludeGuestsOrExternalUsers"] = null,
    };

    private static JsonObject Grant(string control) => new()
    {
        ["operator"] = "OR",
        ["builtInControls"] = SyntheticJson.Strings([control]),
        ["customAuthenticationFactors"] = new JsonArray(),
        ["termsOfUse"] = new JsonArray(),
        ["authenticationStrength"] = null,
    };

    private static JsonObject Domain(string name, bool isDefault, bool isInitial) => new()
    {
        ["capabilities"] = "Email, OfficeCommunicationsOnlineService",
        ["isDefault"] = isDefault,
        ["isInitial"] = isInitial,
        ["name"] = name,
        ["type"] = "Managed",
    };

    private static JsonObject Plan(DateTimeOffset assigned, string service, Guid servicePlanId) => new()
    {
        ["assignedDateTime"] = SyntheticJson.Time(assigned),
        ["capabilityStatus"] = "Enabled",
        ["service"] = service,
        ["servicePlanId"] = SyntheticJson.Id(servicePlanId),
    };

    private static JsonObject ServicePlan(Guid servicePlanId, string name) => new()
    {
        ["servicePlanId"] = SyntheticJson.Id(servicePlanId),
        ["servicePlanName"] = name,
        ["provisioningStatus"] = "Success",
        ["appliesTo"] = "User",
    };
}
