using System.Net;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Testing.Identity;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>Admin consent for the read-only scopes, its callback, and the tenant created from the sign-in's token.</summary>
public sealed class ConsentTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    public async Task A_granted_consent_then_sign_in_creates_the_tenant_from_the_token_and_makes_the_admin_its_first_admin()
    {
        var tenantId = Guid.NewGuid();
        var adminId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        fixture.Entra.SignInNext(tenantId, adminId, "Connie Consenting", [LocalEntra.UserRoleTemplateId, LocalEntra.GlobalAdministratorRoleTemplateId]);

        var toEntra = await browser.GetAsync(OnboardingEndpoints.ConsentPath);
        var callback = (await browser.GetAsync(toEntra.Headers.Location!.AbsoluteUri)).Headers.Location!.AbsoluteUri;
        Assert.Contains($"tenant={tenantId:D}", callback, StringComparison.Ordinal);
        var home = await browser.NavigateAsync(callback);

        Assert.True(home.StatusCode == HttpStatusCode.OK, $"{home.StatusCode} at {home.RequestMessage!.RequestUri}: {await home.Content.ReadAsStringAsync()}");
        Assert.Equal($"{tenantId:D} {adminId:D}", await (await browser.GetAsync(WebAuthApp.WhoAmIPath)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.AdminPath)).StatusCode);
        var member = Assert.Single(await fixture.SuperuserRowsAsync("SELECT user_object_id, role, display_name FROM team_members WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Equal(adminId, member[0]);
        Assert.Equal("Admin", member[1]);
        Assert.Equal("Connie Consenting", member[2]);
        var audit = await fixture.SuperuserRowsAsync("SELECT action, actor FROM audit_events WHERE tenant_id = @t ORDER BY sequence", ("t", tenantId));
        Assert.Equal(["tenant.onboarded", "team.admin-added"], audit.Select(a => (string)a[0]!));
        Assert.All(audit, a => Assert.Equal($"user:{adminId:D}", a[1]));
        Assert.Single(await fixture.SuperuserRowsAsync("SELECT 1 FROM token_cache_entries WHERE tenant_id = @t", ("t", tenantId)));
    }

    [Fact]
    public async Task The_consent_link_asks_for_exactly_the_read_only_graph_scopes()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var toEntra = await browser.GetAsync(OnboardingEndpoints.ConsentPath);

        var location = toEntra.Headers.Location!;
        Assert.Equal(fixture.Entra.Address.Authority, location.Authority);
        Assert.Equal("/organizations/v2.0/adminconsent", location.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        var known = SignInTests.PermissionIds();
        var scopes = query["scope"]!.Split(' ');
        Assert.Equal(Core.Graph.GraphScopes.DelegatedFullyQualified.Order(), scopes.Order());
        Assert.All(scopes.Select(s => s[Core.Graph.GraphScopes.Resource.Length..]), scope =>
        {
            Assert.True(known.ContainsKey(scope), $"{scope} has no permission id in the reference list");
            Assert.DoesNotContain("Write", scope, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccessAsUser", scope, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(IdentityOps.Testing.Identity.LocalEntra.ApiClientId, query["client_id"]);
        Assert.Equal($"{WebAuthFixture.AppOrigin}{OnboardingEndpoints.ConsentCallbackPath}", query["redirect_uri"]);
    }

    [Fact]
    public async Task A_declined_consent_explains_itself_and_creates_nothing()
    {
        var tenantId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        fixture.Entra.SignInNext(tenantId, Guid.NewGuid(), "Dee Clining");
        fixture.Entra.DeclineNextConsent();

        var page = await browser.NavigateAsync(OnboardingEndpoints.ConsentPath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Consent was declined", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM tenants WHERE id = @t", ("t", tenantId)));
    }

    [Fact]
    public async Task An_error_from_entra_is_shown_with_its_code_and_creates_nothing()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        var state = await StartConsentAsync(browser);

        var page = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?error=server_error&error_description=AADSTS50000%3A+temporarily+unavailable&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains("Consent did not complete", text, StringComparison.Ordinal);
        Assert.Contains("server_error", text, StringComparison.Ordinal);
        Assert.Null(page.Headers.Location);
    }

    [Fact]
    public async Task A_forged_or_replayed_callback_is_refused()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        var state = await StartConsentAsync(browser);
        var tenant = Guid.NewGuid();

        // A callback with the state of another browser's consent: this browser's binding cookie does not match it.
        using var other = app.NewBrowser();
        var forged = await other.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&tenant={tenant:D}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("not expected", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongState = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&tenant={tenant:D}&state=forged");
        Assert.Equal(HttpStatusCode.BadRequest, wrongState.StatusCode);

        // The right state, but already used up by the attempt above: single use.
        browser.SetCookie(ConsentStateStore.CookieName, browser.Cookie(ConsentStateStore.CookieName) ?? SessionIdFromFirstSetCookie(browser));
        var replayed = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&tenant={tenant:D}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM tenants WHERE id = @t", ("t", tenant)));
    }

    [Fact]
    public async Task A_self_made_callback_is_accepted_once_but_a_member_who_is_no_directory_admin_completing_it_is_refused_and_nothing_is_created()
    {
        // A member of a tenant that consented earlier but has no IdentityOps record makes the callback
        // themselves: admin_consent=True and the tenant are unsigned query values, so the callback passes
        // them on (once, for this browser's state) and the sign-in that follows decides.
        var tenantId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        fixture.Entra.SignInNext(tenantId, Guid.NewGuid(), "Mallory Member");
        var state = await StartConsentAsync(browser);
        var binding = browser.Cookie(ConsentStateStore.CookieName)!;

        var accepted = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&tenant={tenantId:D}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.EndsWith("/oauth2/v2.0/authorize", accepted.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var refused = await browser.FollowAsync(accepted);
        Assert.Equal(OnboardingEndpoints.AdminRequiredPath, refused.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Only a directory administrator can connect IdentityOps", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.AdminPath)).StatusCode);
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM tenants WHERE id = @t", ("t", tenantId)));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM team_members WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM token_cache_entries WHERE tenant_id = @t", ("t", tenantId)));

        browser.SetCookie(ConsentStateStore.CookieName, binding);
        var again = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&tenant={tenantId:D}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_callback_that_names_no_tenant_is_refused()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        var state = await StartConsentAsync(browser);

        var page = await browser.GetAsync($"{OnboardingEndpoints.ConsentCallbackPath}?admin_consent=True&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
    }

    private static async Task<string> StartConsentAsync(TestBrowser browser)
    {
        var toEntra = await browser.GetAsync(OnboardingEndpoints.ConsentPath);
        return System.Web.HttpUtility.ParseQueryString(toEntra.Headers.Location!.Query)["state"]!;
    }

    private static string SessionIdFromFirstSetCookie(TestBrowser browser)
    {
        var header = browser.AppSetCookies.First(c => c.StartsWith(ConsentStateStore.CookieName + "=", StringComparison.Ordinal));
        return header.Split(';')[0][(ConsentStateStore.CookieName.Length + 1)..];
    }
}
