using System.Net;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Trust;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Security.Tests.SessionCookieIdOnly;

/// <summary>The session cookie holds only an opaque id, which sign-in always replaces (fixation) and sign-out revokes on the server.</summary>
public sealed class SessionCookieTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    public async Task The_session_cookie_is_host_prefixed_secure_http_only_lax_and_holds_only_a_256_bit_id()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var header = Assert.Single(browser.AppSetCookies, c => c.StartsWith(ServerSessionOptions.CookieName + "=", StringComparison.Ordinal));
        var attributes = header.Split(';', StringSplitOptions.TrimEntries);
        var value = attributes[0][(ServerSessionOptions.CookieName.Length + 1)..];
        Assert.StartsWith("__Host-", ServerSessionOptions.CookieName, StringComparison.Ordinal);
        Assert.True(value.Length <= 64, $"the cookie value has {value.Length} characters");
        Assert.Equal(32, Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Contains("secure", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain", StringComparison.OrdinalIgnoreCase));
        var maxAge = attributes.Single(a => a.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase));
        Assert.True(int.Parse(maxAge[8..], System.Globalization.CultureInfo.InvariantCulture) <= 24 * 3600);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    public async Task Sign_out_revokes_the_session_on_the_server_and_removes_the_users_tokens()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var id = browser.Cookie(ServerSessionOptions.CookieName)!;
        Assert.Single(await fixture.SuperuserRowsAsync("SELECT 1 FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)));
        var form = await (await browser.GetAsync(WebAuthApp.FormPath)).Content.ReadAsStringAsync();

        var signOut = await browser.PostFormAsync(AccountEndpoints.SignOutPath, [new("__RequestVerificationToken", TestBrowser.AntiforgeryToken(form)!)]);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.NotNull(Assert.Single(await fixture.SuperuserRowsAsync("SELECT revoked_at FROM server_sessions WHERE id_hash = @h", ("h", SessionId.Hash(id))))[0]);

        using var replay = app.NewBrowser();
        replay.SetCookie(ServerSessionOptions.CookieName, id);
        var refused = await replay.GetAsync(WebAuthApp.WhoAmIPath);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(AccountEndpoints.SignInPath, refused.Headers.Location!.OriginalString);
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    public async Task Sign_in_always_issues_a_new_id_and_revokes_the_one_the_browser_brought()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();

        // An attacker's own valid session id, planted in the victim's browser, and a made-up one.
        using var attacker = app.NewBrowser();
        await app.SignInAsync(attacker, tenant.Id, tenant.ReaderId, "Rita Reader");
        var planted = attacker.Cookie(ServerSessionOptions.CookieName)!;
        using var victim = app.NewBrowser();
        victim.SetCookie(ServerSessionOptions.CookieName, planted);

        await app.SignInAsync(victim, tenant.Id, tenant.AdminId);

        var issued = victim.Cookie(ServerSessionOptions.CookieName)!;
        Assert.NotEqual(planted, issued);
        Assert.Equal($"{tenant.Id:D} {tenant.AdminId:D}", await (await victim.GetAsync(WebAuthApp.WhoAmIPath)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);

        using var madeUp = app.NewBrowser();
        var chosen = SessionId.New();
        madeUp.SetCookie(ServerSessionOptions.CookieName, chosen);
        await app.SignInAsync(madeUp, tenant.Id, tenant.AdminId);
        Assert.NotEqual(chosen, madeUp.Cookie(ServerSessionOptions.CookieName));
        Assert.Empty(await fixture.SuperuserRowsAsync("SELECT 1 FROM server_sessions WHERE id_hash = @h", ("h", SessionId.Hash(chosen))));
    }
}
