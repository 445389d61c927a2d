using System.Net;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>Sign-out is a form post: without its antiforgery token nothing happens.</summary>
public sealed class SignOutTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
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
}
