using System.Net;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Trust;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Security.Tests.SessionRotation;

/// <summary>The session id rotates every 15 minutes (the old one refused once its grace is over) and no activity keeps a session past 24 hours.</summary>
public sealed class SessionRotationTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    [Trait("Claim", TrustClaimIds.SessionRotation)]
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
    [Trait("Claim", TrustClaimIds.SessionRotation)]
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
}
