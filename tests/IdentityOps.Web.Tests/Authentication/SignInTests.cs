using System.Net;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Extensions;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>The real OpenID Connect flow (code, PKCE, form_post) against the local Entra, into a server session.</summary>
public sealed class SignInTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    public async Task A_team_admin_signs_in_through_code_flow_with_pkce_and_form_post_and_the_session_carries_the_token_tenant()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        var grantsBefore = fixture.Entra.AuthorizationCodeGrants;

        var home = await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(grantsBefore + 1, fixture.Entra.AuthorizationCodeGrants);
        var authorize = browser.Responses.Single(r => r.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/oauth2/v2.0/authorize", StringComparison.Ordinal));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.RequestMessage!.RequestUri!.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("form_post", query["response_mode"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.Contains("hiddenform", await authorize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var callback = browser.Responses.Single(r => r.RequestMessage!.RequestUri!.AbsolutePath == "/signin-oidc");
        Assert.Equal(HttpMethod.Post, callback.RequestMessage!.Method);

        var whoami = await browser.GetAsync(WebAuthApp.WhoAmIPath);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal($"{tenant.Id:D} {tenant.AdminId:D}", await whoami.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.AdminPath)).StatusCode);
    }

    [Fact]
    public async Task A_reader_reads_but_is_refused_admin_pages_and_a_stranger_is_asked_to_get_added()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using (var reader = app.NewBrowser())
        {
            await app.SignInAsync(reader, tenant.Id, tenant.ReaderId, "Rita Reader");
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
            var admin = await reader.GetAsync(WebAuthApp.AdminPath);
            Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
            Assert.Equal(AccountEndpoints.AccessDeniedPath, admin.Headers.Location!.OriginalString);
        }

        using var stranger = app.NewBrowser();
        await app.SignInAsync(stranger, tenant.Id, Guid.NewGuid(), "Sam Stranger");
        var denied = await stranger.FollowAsync(await stranger.GetAsync(WebAuthApp.WhoAmIPath));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var page = await denied.Content.ReadAsStringAsync();
        Assert.Contains("Ask your admin to add you", page, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Id.ToString(), page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_user_of_a_tenant_that_never_connected_gets_no_session_and_no_stored_tokens()
    {
        var tenantId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var page = await app.SignInAsync(browser, tenantId, Guid.NewGuid());

        Assert.Equal(OnboardingEndpoints.NotConnectedPath, page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM token_cache_entries WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM tenants WHERE id = @t", ("t", tenantId)));
    }

    [Fact]
    public async Task Every_scope_the_app_ever_asked_entra_for_is_a_known_read_only_graph_permission()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        await browser.NavigateAsync(OnboardingEndpoints.ConsentPath);

        var known = PermissionIds();
        var graphScopes = fixture.Entra.RequestedScopes.Where(s => s.StartsWith(GraphScopes.Resource, StringComparison.Ordinal)).Select(s => s[GraphScopes.Resource.Length..]).ToHashSet();
        Assert.Equal(GraphScopes.Delegated.ToHashSet(), graphScopes);
        Assert.All(fixture.Entra.RequestedScopes.Select(s => s.StartsWith(GraphScopes.Resource, StringComparison.Ordinal) ? s[GraphScopes.Resource.Length..] : s), scope =>
        {
            Assert.True(known.ContainsKey(scope), $"{scope} is not in the Graph delegated permission list");
            Assert.DoesNotContain("Write", scope, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccessAsUser", scope, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_a_csp_without_unsafe_inline()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        foreach (var path in new[] { "/", OnboardingEndpoints.NotConnectedPath, AccountEndpoints.AccessDeniedPath })
        {
            var response = await browser.GetAsync(path);
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", $"form-action 'self' {fixture.Entra.Address.GetLeftPart(UriPartial.Authority)}" })
            {
                Assert.Contains(directive, csp, StringComparison.Ordinal);
            }

            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
            Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_host_prefixed_and_secure()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        await browser.GetAsync(WebAuthApp.FormPath);

        var cookie = Assert.Single(browser.AppSetCookies, c => c.StartsWith(AuthenticationExtensions.AntiforgeryCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    internal static Dictionary<string, string> PermissionIds()
        => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Authentication", "graph-delegated-permission-ids.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .ToDictionary(columns => columns[0], columns => columns[2], StringComparer.Ordinal);
}
