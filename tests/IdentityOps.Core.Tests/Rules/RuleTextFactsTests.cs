using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>Words that agree with the data and with Microsoft's documentation (issue 17 item 13).</summary>
public sealed class RuleTextFactsTests
{
    [Fact]
    public void The_long_lifetime_finding_shows_the_longest_lived_secret_and_says_so()
    {
        var app = App(1, "Billing");
        var inventory = new TenantInventory
        {
            Applications = [app],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-30), AsOf.AddDays(400)), Secret(app.ObjectId, 2, AsOf.AddDays(-30), AsOf.AddDays(3000))],
        };

        var finding = RuleAssert.SingleFinding<SecretLongLifetimeRule>(inventory);

        Assert.Equal(Secret(app.ObjectId, 2, AsOf, AsOf).CredentialId.ToString(), finding.Evidence["credentialId"]?.ToString());
        Assert.Contains("2 of the app's secrets match this rule; the one shown is the longest-lived.", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("first to end", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_requests_application_permissions_rather_than_holds_them()
    {
        var daemon = Daemon();
        var finding = RuleAssert.SingleFinding<SecretWhereCertificateWouldServeRule>(
            new TenantInventory { Applications = [daemon], Credentials = [Secret(daemon.ObjectId, 1, AsOf.AddDays(-20), AsOf.AddDays(160))] });

        Assert.Contains("it requests 1 application permission(s)", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("holds", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wildcard_text_says_the_manifest_still_accepts_wildcards()
    {
        var app = App(1, "Portal");
        var inventory = new TenantInventory
        {
            Applications = [new ApplicationRecord { TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName, WebRedirectUris = ["https://*.contoso.example/signin"] }],
        };

        var finding = RuleAssert.SingleFinding<RedirectWildcardRule>(inventory);

        Assert.Contains("still accepts wildcard redirect URIs, entered through the application manifest", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer accepts", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains($"Update-MgApplicationByAppId -AppId {app.AppId}", finding.Remediation, StringComparison.Ordinal);
    }

    /// <summary>An app that requests one application permission on Microsoft Graph, as in ApplicationConfigurationRulesTests.</summary>
    private static ApplicationRecord Daemon()
    {
        var app = App(1, "Nightly export");
        return new ApplicationRecord
        {
            TenantId = app.TenantId, ScanId = app.ScanId, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName,
            RequiredResourceAccess = """[{"resourceAppId":"00000003-0000-0000-c000-000000000000","access":[{"id":"df021288-bdef-4463-88db-98f22de89214","type":"Role"}]}]""",
        };
    }
}
