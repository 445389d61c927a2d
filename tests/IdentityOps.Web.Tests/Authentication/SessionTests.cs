using System.Net;
using System.Text;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>The session cookie holds only an opaque id; the id rotates, ends, and is revoked on the server.</summary>
public sealed class SessionTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private static readonly byte[] DataProtectionHeader = [0x09, 0xF0, 0xC9, 0xF0];

    [Fact]
    [Trait("Claim", "session-cookie-id-only")]
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
    [Trait("Claim", "session-cookie-id-only")]
    public async Task The_session_row_holds_the_ids_hash_and_encrypted_claims_and_no_token()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var id = browser.Cookie(ServerSessionOptions.CookieName)!;

        var rows = await fixture.SuperuserRowsAsync("SELECT * FROM server_sessions WHERE tenant_id = @t", ("t", tenant.Id));

        var row = Assert.Single(rows);
        var hash = (byte[])row.Single(c => c is byte[] { Length: 32 })!;
        Assert.Equal(SessionId.Hash(id), hash);
        var everything = string.Join('\n', row.Select(c => c is byte[] bytes ? Encoding.Latin1.GetString(bytes) : Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(id, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Admin", everything, StringComparison.Ordinal);
        Assert.NotEmpty(fixture.Entra.IssuedTokens);
        Assert.All(fixture.Entra.IssuedTokens, token => Assert.DoesNotContain(token, everything, StringComparison.Ordinal));
        Assert.Contains(row, c => c is byte[] bytes && bytes.AsSpan().StartsWith(DataProtectionHeader));
    }

    [Fact]
    [Trait("Claim", "session-rotation")]
    public async Task After_15_minutes_the_id_rotates_and_the_old_id_is_refused_once_its_grace_is_over()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var first = browser.Cookie(ServerSessionOptions.CookieName)!;

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
        Assert.Equal(first, browser.Cookie(ServerSessionOptions.CookieName));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
        var second = browser.Cookie(ServerSessionOptions.CookieName)!;
        Assert.NotEqual(first, second);

        // A request sent concurrently with the old id still passes within the grace, and does not rotate again.
        using var late = app.NewBrowser();
        late.SetCookie(ServerSessionOptions.CookieName, first);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await late.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
        Assert.Equal(first, late.Cookie(ServerSessionOptions.CookieName));

        app.Clock.Advance(TimeSpan.FromSeconds(11));
        var refused = await late.GetAsync(WebAuthApp.WhoAmIPath);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(AccountEndpoints.SignInPath, refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
    }

    [Fact]
    [Trait("Claim", "session-rotation")]
    public async Task Constant_activity_never_extends_a_session_past_24_hours()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var ids = new HashSet<string> { browser.Cookie(ServerSessionOptions.CookieName)! };

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(24) - TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromMinutes(10))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
            ids.Add(browser.Cookie(ServerSessionOptions.CookieName)!);
        }

        Assert.True(ids.Count >= 24 * 60 / 20, $"only {ids.Count} ids in 24 hours of activity");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var refused = await browser.GetAsync(WebAuthApp.WhoAmIPath);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(AccountEndpoints.SignInPath, refused.Headers.Location!.OriginalString);
    }

    [Fact]
    [Trait("Claim", "session-cookie-id-only")]
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
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_session_stays()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        await browser.GetAsync(WebAuthApp.FormPath);

        var signOut = await browser.PostFormAsync(AccountEndpoints.SignOutPath, []);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
    }

    [Fact]
    [Trait("Claim", "session-cookie-id-only")]
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
