using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// Microsoft's command-line and scripting clients (Azure CLI and PowerShell, Microsoft Graph Command Line Tools, Graph
/// Explorer, the legacy Azure AD, Exchange Online, SharePoint Online and Teams PowerShell modules, Power Platform CLI) can be
/// used by every user: preconsented to broad delegated permissions, they are how a taken-over account enumerates the
/// directory and reaches mail and files. The same list and verdict as Maester MT.1186 (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtHighPrivilegeServicePrincipalsForAllUsers.ps1): an app fails when its service
/// principal does not require assignment (enabled or not) or does not exist (Microsoft creates it at the first sign-in, open to
/// all). One finding for the tenant, as Maester reports one. Medium, not High: open is Microsoft's default.
/// </summary>
public sealed class HighPrivilegeFirstPartyAppOpenRule : PostureRule
{
    /// <summary>Maester's list, in its order (app ids are Microsoft's, the same in every tenant).</summary>
    internal static readonly IReadOnlyList<(Guid AppId, string Name)> Apps =
    [
        (new("1950a258-227b-4e31-a9cf-717495945fc2"), "Microsoft Azure PowerShell"),
        (new("04b07795-8ddb-461a-bbee-02f9e1bf7b46"), "Microsoft Azure CLI / Azure Developer CLI"),
        (new("14d82eec-204b-4c2f-b7e8-296a70dab67e"), "Microsoft Graph Command Line Tools"),
        (new("de8bc8b5-d9f9-48b1-a8ad-b748da725064"), "Graph Explorer"),
        (new("1b730954-1685-4b74-9bfd-dac224a7b894"), "Azure Active Directory PowerShell (legacy)"),
        (new("12128f48-ec9e-42f0-b203-ea49fb6af367"), "Microsoft Teams PowerShell Cmdlets"),
        (new("fb78d390-0c51-40cd-8e17-fdbfab77341b"), "Microsoft Exchange Online PowerShell"),
        (new("9bc3ab49-b65d-410a-85ad-de819febfddc"), "Microsoft SharePoint Online Management Shell"),
        (new("9cee029c-6210-4654-90bb-17e6e9d36617"), "Power Platform CLI"),
    ];

    public override RuleDefinition Definition { get; } = new(
        "sp-high-privilege-first-party-open",
        "Microsoft admin and scripting tools open to every user",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Tenant,
        RuleInputs.Collection("servicePrincipals", "appId", "accountEnabled", "appRoleAssignmentRequired"),
        ["openApps", "notCreated", "restrictedApps"],
        [FrameworkReference.Maester("MT.1186"), FrameworkReference.Attack("T1087.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var states = Apps.Select(app => (app.AppId, app.Name, Sp: inventory.ServicePrincipalOfApp(app.AppId))).ToList();
        var open = states.Where(s => s.Sp is { } sp && AssignmentNotRequired.IsOpen(sp)).ToList();
        var notCreated = states.Where(s => s.Sp is null).ToList();
        if (open.Count == 0 && notCreated.Count == 0)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "openApps", open.Select(s => $"{s.Name} ({s.AppId}): {AssignmentNotRequired.Status(s.Sp!)}") },
            { "notCreated", notCreated.Select(s => $"{s.Name} ({s.AppId})") },
            { "restrictedApps", states.Where(s => s.Sp is { AppRoleAssignmentRequired: true }).Select(s => s.Name) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}
