using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>
/// Loopback redirects (issue 17 item 13): valid for native apps (RFC 8252 7.3; Microsoft's redirect URI rules accept
/// http and any port on localhost), a development leftover on web and single-page registrations, and judged by one
/// loopback test in both the localhost and the plain-http rule.
/// </summary>
public sealed class RedirectLoopbackTests
{
    private static TenantInventory With(string[]? web = null, string[]? spa = null, string[]? publicClient = null)
    {
        var app = App(1, "Payroll desktop");
        return new TenantInventory
        {
            Applications =
            [
                new ApplicationRecord
                {
                    TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName,
                    WebRedirectUris = web ?? [], SpaRedirectUris = spa ?? [], PublicClientRedirectUris = publicClient ?? [],
                },
            ],
        };
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://localhost:8400/")]
    [InlineData("http://127.0.0.1:51123/callback")]
    [InlineData("https://localhost/auth")]
    public void A_public_client_loopback_redirect_is_no_finding(string uri)
    {
        var inventory = With(publicClient: [uri]);

        RuleAssert.NoFinding<RedirectLocalhostRule>(inventory);
        RuleAssert.NoFinding<RedirectPlainHttpRule>(inventory);
    }

    [Fact]
    public void A_loopback_redirect_on_the_web_or_spa_platform_is_the_localhost_finding_listing_only_those()
    {
        var finding = RuleAssert.SingleFinding<RedirectLocalhostRule>(
            With(web: ["https://payroll.contoso.example/signin-oidc", "https://localhost:44321/signin-oidc"], spa: ["http://localhost:3000"], publicClient: ["http://localhost"]));

        Assert.Equal(["http://localhost:3000", "https://localhost:44321/signin-oidc"], RuleAssert.Strings(finding, "redirectUris"));
    }

    [Theory]
    [InlineData("http://127.0.0.2:5000/signin-oidc")]
    [InlineData("http://[0:0:0:0:0:0:0:1]:5000/signin-oidc")]
    [InlineData("http://LOCALHOST/signin-oidc")]
    public void Every_loopback_spelling_is_localhost_and_never_plain_http(string uri)
    {
        var inventory = With(web: [uri]);

        RuleAssert.SingleFinding<RedirectLocalhostRule>(inventory);
        RuleAssert.NoFinding<RedirectPlainHttpRule>(inventory);
    }

    [Theory]
    [InlineData("http://localhost.contoso.example/signin-oidc")]
    [InlineData("http://127.0.0.1.nip.io/signin-oidc")]
    [InlineData("http://10.0.0.1/signin-oidc")]
    public void A_host_that_only_looks_like_loopback_is_plain_http(string uri)
    {
        var inventory = With(publicClient: [uri]);

        RuleAssert.SingleFinding<RedirectPlainHttpRule>(inventory);
        RuleAssert.NoFinding<RedirectLocalhostRule>(inventory);
    }
}
