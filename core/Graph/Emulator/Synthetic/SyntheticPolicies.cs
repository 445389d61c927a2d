using System.Text.Json.Nodes;

namespace IdentityOps.Core.Graph.Emulator.Synthetic;

/// <summary>
/// The organization (Entra ID P1 and P2 licensed, so sign-in activity and logs are available) and
/// the tenant-wide policies: Conditional Access, the authorization policy and security defaults.
/// </summary>
internal static class SyntheticPolicies
{
    public const string AuthorizationPolicyId = "authorizationPolicy";
    public const string SecurityDefaultsPolicyId = "00000000-0000-0000-0000-000000000005";
    public const string LegacyConsentPolicy = "ManagePermissionGrantsForSelf.microsoft-user-default-legacy";

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
