using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// The one kind of credential Microsoft's own setup guides have admins put on a Microsoft service principal: the
/// on-premises server's OAuth (server-to-server) certificate, uploaded as a public key (usage <c>Verify</c>) to the
/// Microsoft 365 service it federates with, so that the service accepts tokens the on-premises server signs.
/// Sources (checked 2026-12-07):
/// Exchange — learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help
/// (the Hybrid Configuration Wizard does the same) and learn.microsoft.com/exchange/hybrid-deployment/deploy-dedicated-hybrid-app
/// ("The HCW uploads the current Auth Certificate from your Exchange organization to the shared Service Principal";
/// its "Service Principal clean-up" section now asks for that certificate to be removed once the dedicated app runs);
/// SharePoint — learn.microsoft.com/sharepoint/hybrid/configure-server-to-server-authentication (the STS certificate to
/// SharePoint Online); Skype for Business — learn.microsoft.com/skypeforbusiness/manage/authentication/configure-a-hybrid-environment.
/// </summary>
internal static class HybridAuthCertificates
{
    /// <summary>Office 365 Exchange Online, Office 365 SharePoint Online, Skype for Business Online.</summary>
    public static readonly IReadOnlyDictionary<Guid, string> HybridServices = new Dictionary<Guid, string>
    {
        [new("00000002-0000-0ff1-ce00-000000000000")] = "Exchange hybrid",
        [new("00000003-0000-0ff1-ce00-000000000000")] = "SharePoint hybrid",
        [new("00000004-0000-0ff1-ce00-000000000000")] = "Skype for Business hybrid",
    };

    public static bool IsFirstParty(ServicePrincipalRecord sp) => sp.AppOwnerOrganizationId == GraphPermissionTiers.MicrosoftTenantId;

    /// <summary>A public-key certificate on Exchange Online, SharePoint Online or Skype for Business Online: what a hybrid setup uploads.</summary>
    public static bool MatchesHybridPattern(ServicePrincipalRecord sp, CredentialRecord credential)
        => IsFirstParty(sp)
            && HybridServices.ContainsKey(sp.AppId)
            && credential is { OwnerKind: CredentialOwnerKind.ServicePrincipal, Kind: CredentialKind.Certificate, Usage: "Verify" };
}
