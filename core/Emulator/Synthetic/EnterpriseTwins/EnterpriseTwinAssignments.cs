using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// Issue 19 C: the well-kept tenant has locked Microsoft's admin and scripting clients (Maester MT.1186's nine) to the
/// administrators assigned to them, and has turned off third-party storage in Microsoft 365 on the web (the service
/// principal of app c1f33bc0-… disabled), as the Microsoft 365 admin center does.
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
