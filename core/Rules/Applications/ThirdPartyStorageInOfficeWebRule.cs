using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// Users may open and save files in third-party storage services (Dropbox, Box, Google Drive) from Microsoft 365 on the web.
/// The admin center's switch is the service principal of the Microsoft application <c>c1f33bc0-bdb4-4248-ba9b-096807ddb43e</c>:
/// turned off, it exists with <c>accountEnabled</c> false. The same verdict as CIS Microsoft 365 1.3.7 as Maester runs it
/// (maester365/maester@6bf1d98 powershell/public/cis/Test-MtCisThirdPartyStorageServicesRestricted.ps1): a finding when
/// the service principal is missing (the default: allowed) or enabled. Low: Microsoft's default, a data-leak path, not a takeover.
/// </summary>
public sealed class ThirdPartyStorageInOfficeWebRule : PostureRule
{
    /// <summary>The Microsoft application behind "Let users open files stored in third-party storage services in Microsoft 365 on the web".</summary>
    internal static readonly Guid ThirdPartyStorageAppId = new("c1f33bc0-bdb4-4248-ba9b-096807ddb43e");

    public override RuleDefinition Definition { get; } = new(
        "policy-third-party-storage-allowed",
        "Microsoft 365 on the web lets users use third-party storage",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Tenant,
        RuleInputs.Collection("servicePrincipals", "appId", "accountEnabled"),
        ["servicePrincipal"],
        [FrameworkReference.Cis("1.3.7"), FrameworkReference.Attack("T1567.002")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var sp = inventory.ServicePrincipalOfApp(ThirdPartyStorageAppId);
        if (sp is { AccountEnabled: false })
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "servicePrincipal", sp is null ? "not created (the default: allowed)" : $"\"{sp.DisplayName}\" ({sp.ObjectId}) enabled" },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}
