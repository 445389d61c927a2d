using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// Issue 19 C: the well-kept tenant has locked Microsoft's admin and scripting clients (Maester MT.1186's nine) to the
/// administrators assigned to them, and has turned off third-party storage in Microsoft 365 on the web (the service
/// principal of app c1f33bc0-… disabled), as the Microsoft 365 admin center does. Its domains' passwords never expire,
/// its directory settings keep Microsoft's defaults explicitly, and PIM asks for approval to activate Global Administrator
/// and alerts the security mailbox on every assignment and activation of a privileged role.
/// </summary>
internal static class EnterpriseTwinAssignments
{
    private static readonly (string AppId, string Name)[] AdminClients =
    [
        ("1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell"),
        ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"),
        ("14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph Command Line Tools"),
        ("de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer"),
        ("1b730954-1685-4b74-9bfd-dac224a7b894", "Azure Active Directory PowerShell"),
        ("12128f48-ec9e-42f0-b203-ea49fb6af367", "Microsoft Teams PowerShell Cmdlets"),
        ("fb78d390-0c51-40cd-8e17-fdbfab77341b", "Microsoft Exchange Online PowerShell"),
        ("9bc3ab49-b65d-410a-85ad-de819febfddc", "Microsoft SharePoint Online Management Shell"),
        ("9cee029c-6210-4654-90bb-17e6e9d36617", "Power Platform CLI"),
    ];

    public static IEnumerable<JsonObject> Domains() =>
    [
        SyntheticTenantSettings.Domain("fabrikam.example", isDefault: true, isInitial: false, "Managed", int.MaxValue),
        SyntheticTenantSettings.Domain("fabrikamenterprise.onmicrosoft.com", isDefault: false, isInitial: true, "Managed", int.MaxValue),
    ];

    public static IEnumerable<JsonObject> GroupSettings() =>
    [
        SyntheticTenantSettings.Setting("0e7a7d00-0000-4000-8000-000000000011", "Group.Unified", SyntheticTenantSettings.GroupUnifiedTemplateId,
            ("EnableGroupCreation", "false"), ("AllowGuestsToBeGroupOwner", "false"), ("AllowGuestsToAccessGroups", "true"), ("AllowToAddGuests", "true")),
        SyntheticTenantSettings.Setting("0e7a7d00-0000-4000-8000-000000000012", "Password Rule Settings", SyntheticTenantSettings.PasswordRuleTemplateId,
            ("BannedPasswordCheckOnPremisesMode", "Enforce"), ("EnableBannedPasswordCheckOnPremises", "True"), ("EnableBannedPasswordCheck", "True"),
            ("LockoutDurationInSeconds", "60"), ("LockoutThreshold", "10"), ("BannedPasswordList", "fabrikam")),
    ];

    /// <summary>ScubaGear's eight highly privileged roles; SharePoint Administrator's id as Microsoft's role reference lists it.</summary>
    private static readonly string[] ScubaPrivilegedRoles =
    [
        "62e90394-69f5-4237-9190-012177145e10", "e8611ab8-c189-46e8-94e1-60213ab1f814", "fe930be7-5e62-47db-91af-98c3a49a38b1", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "29232cdf-9323-42fd-ade2-1d097af3e4de", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7",
    ];

    private static readonly string[] SecurityMailbox = ["secops@fabrikam.example"];

    public static IEnumerable<JsonObject> PimRoleSettings()
        => ScubaPrivilegedRoles.Select((roleId, index) => SyntheticTenantSettings.PolicyAssignment(roleId, 100 + index, approval: true, activationRecipients: SecurityMailbox));

    public static IEnumerable<JsonObject> LockedDownMicrosoftClients()
    {
        for (var i = 0; i < AdminClients.Length; i++)
        {
            yield return Microsoft(i + 1, AdminClients[i].AppId, AdminClients[i].Name, enabled: true, assignmentRequired: true);
        }

        yield return Microsoft(AdminClients.Length + 1, "c1f33bc0-bdb4-4248-ba9b-096807ddb43e", "Microsoft 365 on the web third-party storage", enabled: false, assignmentRequired: false);
    }

    private static JsonObject Microsoft(int n, string appId, string name, bool enabled, bool assignmentRequired) => new()
    {
        ["id"] = $"0e7a7c00-0000-4000-8000-{n:D12}",
        ["appId"] = appId,
        ["displayName"] = name,
        ["appDisplayName"] = name,
        ["appOwnerOrganizationId"] = SyntheticJson.Id(GraphReferenceData.MicrosoftTenantId),
        ["servicePrincipalType"] = "Application",
        ["accountEnabled"] = enabled,
        ["appRoleAssignmentRequired"] = assignmentRequired,
        ["signInAudience"] = "AzureADMultipleOrgs",
        ["tags"] = new JsonArray(),
        ["verifiedPublisher"] = new JsonObject { ["displayName"] = null, ["verifiedPublisherId"] = null, ["addedDateTime"] = null },
        ["passwordCredentials"] = new JsonArray(),
        ["keyCredentials"] = new JsonArray(),
    };
}
