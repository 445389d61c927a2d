using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Issue 19 C: the tenant's domains, its directory settings (<c>/groupSettings</c>) and PIM's settings for the privileged
/// directory roles (<c>/policies/roleManagementPolicyAssignments</c> with each policy and its rules inline, as
/// <c>$expand=policy($expand=rules)</c> returns them). Planted: the default domain expires passwords after 90 days; guests
/// may own Microsoft 365 groups and smart lockout allows 50 attempts; Global Administrator activates without approval and
/// its activation alert e-mails nobody beyond the default recipients. Hand-written values, no random numbers.
/// </summary>
internal static class SyntheticTenantSettings
{
    public const string GroupUnifiedTemplateId = "62375ab9-6b52-47ed-826b-58e47e0e304b";
    public const string PasswordRuleTemplateId = "5cf42378-d67d-4f36-ba46-e8b86229381d";
    public const string GroupUnifiedSettingId = "0e7a7d00-0000-4000-8000-000000000001";
    public const string PasswordRuleSettingId = "0e7a7d00-0000-4000-8000-000000000002";

    /// <summary>ScubaGear's default highly privileged roles (ScubaConfigDefaults.json privilegedRoles) the synthetic tenant defines.</summary>
    private static readonly BuiltInRole[] ScubaPrivilegedRoles =
    [
        GraphReferenceData.GlobalAdministrator, GraphReferenceData.PrivilegedRoleAdministrator, GraphReferenceData.UserAdministrator,
        GraphReferenceData.ExchangeAdministrator, GraphReferenceData.HybridIdentityAdministrator, GraphReferenceData.ApplicationAdministrator,
        GraphReferenceData.CloudApplicationAdministrator,
    ];

    private static readonly string[] AlertsMailbox = ["pim-alerts@contoso.example"];

    public static void PlantRisks(SyntheticContext context)
    {
        context.Plant(PlantedRiskIds.PolicyDomainPasswordExpiry, PlantedObjectTypes.Policy, context.Domain,
            $"The verified, managed default domain {context.Domain} has passwordValidityPeriodInDays 90: passwords expire.");
        context.Plant(PlantedRiskIds.PolicyGuestsCanOwnGroups, PlantedObjectTypes.Policy, GroupUnifiedSettingId,
            "The Group.Unified directory setting has AllowGuestsToBeGroupOwner = true.");
        context.Plant(PlantedRiskIds.PolicySmartLockoutWeak, PlantedObjectTypes.Policy, PasswordRuleSettingId,
            "The Password Rule Settings directory setting has LockoutThreshold = 50 (Microsoft's default is 10).");
        context.Plant(PlantedRiskIds.PimGlobalAdminActivationWithoutApproval, PlantedObjectTypes.RoleDefinition, GraphReferenceData.GlobalAdministrator.TemplateId,
            "PIM's Approval_EndUser_Assignment rule for Global Administrator has isApprovalRequired false.");
        context.Plant(PlantedRiskIds.PimRoleActivationAlertMissing, PlantedObjectTypes.RoleDefinition, GraphReferenceData.GlobalAdministrator.TemplateId,
            "PIM's Notification_Admin_EndUser_Assignment (activation alert) for Global Administrator has no notificationRecipients.");
    }

    public static byte[] DomainsFile(SyntheticContext context) => JsonCollectionBuilder.Of(
    [
        Domain(context.Domain, isDefault: true, isInitial: false, "Managed", 90),
        Domain(context.InitialDomain, isDefault: false, isInitial: true, "Managed", int.MaxValue),

        // Federated: its passwords live on premises, so the expiry Entra records does not apply (CIS and Maester skip it).
        Domain("corp." + context.Domain, isDefault: false, isInitial: false, "Federated", 90),
    ]);

    public static byte[] GroupSettingsFile() => JsonCollectionBuilder.Of(
    [
        Setting(GroupUnifiedSettingId, "Group.Unified", GroupUnifiedTemplateId,
            ("EnableGroupCreation", "true"), ("AllowGuestsToBeGroupOwner", "true"), ("AllowGuestsToAccessGroups", "true"), ("AllowToAddGuests", "true"), ("UsageGuidelinesUrl", "")),
        Setting(PasswordRuleSettingId, "Password Rule Settings", PasswordRuleTemplateId,
            ("BannedPasswordCheckOnPremisesMode", "Audit"), ("EnableBannedPasswordCheckOnPremises", "True"), ("EnableBannedPasswordCheck", "True"),
            ("LockoutDurationInSeconds", "60"), ("LockoutThreshold", "50"), ("BannedPasswordList", "")),
    ]);

    public static byte[] RoleManagementPolicyAssignmentsFile() => JsonCollectionBuilder.Of(
        [.. ScubaPrivilegedRoles.Select((role, index) => PolicyAssignment(role.TemplateId, index, approval: role != GraphReferenceData.GlobalAdministrator, activationRecipients: role == GraphReferenceData.GlobalAdministrator ? [] : AlertsMailbox))]);

    internal static JsonObject Domain(string name, bool isDefault, bool isInitial, string authenticationType, int passwordValidityDays) => new()
    {
        ["id"] = name,
        ["authenticationType"] = authenticationType,
        ["isAdminManaged"] = true,
        ["isDefault"] = isDefault,
        ["isInitial"] = isInitial,
        ["isRoot"] = true,
        ["isVerified"] = true,
        ["passwordNotificationWindowInDays"] = 14,
        ["passwordValidityPeriodInDays"] = passwordValidityDays,
        ["supportedServices"] = SyntheticJson.Strings(["Email", "OfficeCommunicationsOnline"]),
    };

    internal static JsonObject Setting(string id, string displayName, string templateId, params (string Name, string Value)[] values) => new()
    {
        ["id"] = id,
        ["displayName"] = displayName,
        ["templateId"] = templateId,
        ["values"] = SyntheticJson.Objects(values.Select(v => new JsonObject { ["name"] = v.Name, ["value"] = v.Value })),
    };

    /// <summary>One role's PIM settings: the six rules the collector reads, shaped as Graph returns them.</summary>
    internal static JsonObject PolicyAssignment(string roleId, int index, bool approval, string[] activationRecipients)
    {
        var policyId = $"DirectoryRole_00000000-0000-0000-0000-000000000000_{Guid.Parse($"0e7a7e00-0000-4000-8000-{index:D12}")}";
        return new JsonObject
        {
            ["id"] = $"{policyId}_{roleId}",
            ["policyId"] = policyId,
            ["scopeId"] = "/",
            ["scopeType"] = "DirectoryRole",
            ["roleDefinitionId"] = roleId,
            ["policy"] = new JsonObject
            {
                ["id"] = policyId,
                ["displayName"] = "DirectoryRole",
                ["description"] = "DirectoryRole",
                ["isOrganizationDefault"] = false,
                ["scopeId"] = "/",
                ["scopeType"] = "DirectoryRole",
                ["rules"] = new JsonArray(
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
                        ["id"] = "Approval_EndUser_Assignment",
                        ["setting"] = new JsonObject
                        {
                            ["isApprovalRequired"] = approval,
                            ["isApprovalRequiredForExtension"] = false,
                            ["isRequestorJustificationRequired"] = true,
                            ["approvalMode"] = "SingleStage",
                            ["approvalStages"] = new JsonArray(new JsonObject
                            {
                                ["approvalStageTimeOutInDays"] = 1,
                                ["isApproverJustificationRequired"] = true,
                                ["escalationTimeInMinutes"] = 0,
                                ["isEscalationEnabled"] = false,
                                ["primaryApprovers"] = approval
                                    ? new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.groupMembers" }) // Graph's groupMembers also names the group; the trimmed schema knows only subjectSet
                                    : new JsonArray(),
                                ["escalationApprovers"] = new JsonArray(),
                            }),
                        },
                    },
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
                        ["id"] = "Enablement_EndUser_Assignment",
                        ["enabledRules"] = SyntheticJson.Strings(["MultiFactorAuthentication", "Justification"]),
                    },
                    new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
                        ["id"] = "Expiration_EndUser_Assignment",
                        ["isExpirationRequired"] = true,
                        ["maximumDuration"] = "PT8H",
                    },
                    Notification("Notification_Admin_Admin_Assignment", AlertsMailbox),
                    Notification("Notification_Admin_Admin_Eligibility", AlertsMailbox),
                    Notification("Notification_Admin_EndUser_Assignment", activationRecipients)),
            },
        };
    }

    private static JsonObject Notification(string id, string[] recipients) => new()
    {
        ["@odata.type"] = "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
        ["id"] = id,
        ["notificationType"] = "Email",
        ["recipientType"] = "Admin",
        ["notificationLevel"] = "All",
        ["isDefaultRecipientsEnabled"] = true,
        ["notificationRecipients"] = SyntheticJson.Strings(recipients),
    };
}
