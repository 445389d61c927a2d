using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// The on-premises <c>krbtgt_AzureAD</c> account is synchronised to Microsoft Entra ID. It is the account of the
/// Microsoft Entra Kerberos server object that Entra ID creates in Active Directory for cloud Kerberos trust and
/// FIDO2 sign-in to on-premises resources; its keys belong in Active Directory only, and Microsoft's guidance is to keep
/// it out of synchronisation scope. Maester MT.1147 checks the same.
/// </summary>
/// <remarks>
/// Peer source (read 2026-12-07): maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtKrbtgtAzureADNotSynced.ps1:
/// synchronised users (<c>onPremisesSyncEnabled</c> true) whose displayName, mailNickname or onPremisesSamAccountName is
/// krbtgt_AzureAD, whose userPrincipalName's part before @ is, or whose onPremisesDistinguishedName starts with
/// CN=krbtgt_AzureAD; skipped when the organisation does not synchronise. IdentityOps reads displayName and
/// userPrincipalName only (not the mail nickname, SAM account name or distinguished name), so an account renamed in
/// both is missed here and found there. Medium: not an account anyone signs in with, but one more path between the
/// on-premises and cloud environments. Source of the advice: https://learn.microsoft.com/entra/identity/authentication/kerberos
/// ("Security considerations"), linked from Maester's test description.
/// </remarks>
public sealed class KrbtgtAzureAdSyncedRule : PostureRule
{
    internal const string AccountName = "krbtgt_AzureAD";

    public override RuleDefinition Definition { get; } = new(
        "user-krbtgt-azuread-synced",
        "The krbtgt_AzureAD account is synchronised from Active Directory",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.User,
        [.. RuleInputs.Collection("users", "onPremisesSyncEnabled", "displayName", "userPrincipalName")],
        ["displayName", "userPrincipalName", "accountEnabled"],
        [FrameworkReference.Maester("MT.1147").Partially("matches displayName and the user principal name's prefix only; Maester also matches mailNickname, onPremisesSamAccountName and onPremisesDistinguishedName")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var user in Candidates(inventory).Where(IsKrbtgtAzureAd).OrderBy(u => u.ObjectId))
        {
            yield return new RuleHit(user.ObjectId.ToString(), user.DisplayName, new Evidence
            {
                { "displayName", user.DisplayName },
                { "userPrincipalName", user.UserPrincipalName ?? "" },
                { "accountEnabled", user.AccountEnabled },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory).Count();

    private static IEnumerable<UserRecord> Candidates(TenantInventory inventory) => inventory.Users.Where(u => u.OnPremisesSyncEnabled);

    internal static bool IsKrbtgtAzureAd(UserRecord user)
        => string.Equals(user.DisplayName, AccountName, StringComparison.OrdinalIgnoreCase)
           || (user.UserPrincipalName is { } upn && string.Equals(upn.Split('@')[0], AccountName, StringComparison.OrdinalIgnoreCase));
}
