namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Issue 19 C: who may sign in to each enterprise application (<c>appRoleAssignmentRequired</c>). Every application not
/// published by Microsoft requires assignment except the consented third-party app; of Microsoft's admin and scripting
/// clients (Maester MT.1186's list) Graph Command Line Tools is open to all and five have no service principal; the
/// "third-party storage in Microsoft 365 on the web" switch is at its default (no service principal: allowed).
/// </summary>
internal static class SyntheticAssignments
{
    private static readonly Guid GraphCommandLineTools = new("14d82eec-204b-4c2f-b7e8-296a70dab67e");

    /// <summary>The Microsoft clients of MT.1186 the first-party list holds (the other five have no service principal here).</summary>
    private static readonly HashSet<Guid> AdminClients =
    [
        new("04b07795-8ddb-461a-bbee-02f9e1bf7b46"), new("1950a258-227b-4e31-a9cf-717495945fc2"), GraphCommandLineTools, new("de8bc8b5-d9f9-48b1-a8ad-b748da725064"),
    ];

    public static void Plan(SyntheticContext context)
    {
        foreach (var sp in context.ServicePrincipals)
        {
            sp.AppRoleAssignmentRequired = sp.IsFirstParty
                ? AdminClients.Contains(sp.AppId) && sp.AppId != GraphCommandLineTools
                : sp.ServicePrincipalType == "Application" && sp.DisplayName != SyntheticServicePrincipals.ConsentedThirdPartyName;
        }

        var consented = context.ServicePrincipals.Single(sp => sp.DisplayName == SyntheticServicePrincipals.ConsentedThirdPartyName);
        context.Plant(PlantedRiskIds.SpAssignmentNotRequired, consented,
            $"The third-party enterprise app '{SyntheticServicePrincipals.ConsentedThirdPartyName}' is enabled with appRoleAssignmentRequired false: every user can sign in to it.");
        context.Plant(PlantedRiskIds.SpHighPrivilegeFirstPartyOpen, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "Microsoft Graph Command Line Tools (14d82eec-…) has appRoleAssignmentRequired false, and five of Maester MT.1186's clients (Azure AD PowerShell, Teams, Exchange Online and SharePoint Online PowerShell, Power Platform CLI) have no service principal.");
        context.Plant(PlantedRiskIds.PolicyThirdPartyStorageAllowed, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            "No service principal for app c1f33bc0-bdb4-4248-ba9b-096807ddb43e: third-party storage in Microsoft 365 on the web is allowed (the default).");
    }
}
