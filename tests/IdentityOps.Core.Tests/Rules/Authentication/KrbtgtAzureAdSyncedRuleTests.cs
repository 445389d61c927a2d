using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

public sealed class KrbtgtAzureAdSyncedRuleTests
{
    private static UserRecord Named(int n, string displayName, string? upn = null, bool synced = true)
    {
        var user = User(n, displayName, synced: synced);
        return upn is null ? user : new UserRecord
        {
            TenantId = user.TenantId, ScanId = user.ScanId, ObjectId = user.ObjectId, DisplayName = user.DisplayName, UserPrincipalName = upn,
            UserType = user.UserType, AccountEnabled = user.AccountEnabled, OnPremisesSyncEnabled = user.OnPremisesSyncEnabled,
        };
    }

    [Fact]
    public void A_synchronised_krbtgt_azuread_is_found_by_display_name_or_principal_name()
    {
        var inventory = new TenantInventory
        {
            Users = [Named(1, "krbtgt_AzureAD"), Named(2, "Kerberos", "KRBTGT_AZUREAD@contoso.example"), Named(3, "krbtgt"), Named(4, "Ana")],
        };

        var findings = RuleAssert.Run<KrbtgtAzureAdSyncedRule>(inventory).Findings;

        Assert.Equal([Id(1).ToString(), Id(2).ToString()], findings.Select(f => f.ObjectId).Order(StringComparer.Ordinal));
        Assert.Contains("is synchronised from on-premises Active Directory (onPremisesSyncEnabled is true) and is named krbtgt_AzureAD", findings.Single(f => f.ObjectId == Id(1).ToString()).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cloud_only_account_of_that_name_passes()
        => RuleAssert.NoFinding<KrbtgtAzureAdSyncedRule>(new TenantInventory { Users = [Named(1, "krbtgt_AzureAD", synced: false)] });

    [Fact]
    public void It_is_not_evaluated_without_users()
        => RuleAssert.NotEvaluatedWithout<KrbtgtAzureAdSyncedRule>(new TenantInventory { Users = [Named(1, "krbtgt_AzureAD")] });
}
