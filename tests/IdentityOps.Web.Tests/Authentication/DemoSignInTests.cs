using System.Net;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Testing;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Authentication;

/// <summary>The local demo's sign-in: open only with the demo database, in Development, on loopback; refused otherwise.</summary>
public sealed class DemoSignInTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Theory]
    [InlineData("Production", false, "http://127.0.0.1:5080")]
    [InlineData("Development", false, "http://127.0.0.1:5080")]
    public async Task Demo_sign_in_is_refused_outside_a_configured_development_demo(string environment, bool demoDatabase, string urls)
    {
        await using var app = fixture.CreateApp(
            configuration =>
            {
                configuration["urls"] = urls;
                if (demoDatabase)
                {
                    configuration["Demo:AdminConnectionString"] = "Host=127.0.0.1;Database=unused";
                }
            },
            environment);
        using var browser = app.NewBrowser();
        var tokenPage = await browser.GetAsync("/");
        Assert.NotNull(tokenPage);

        var signIn = await browser.PostFormAsync(DemoSignIn.Path, []);

        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
    }

    [Theory]
    [InlineData("Production", "http://127.0.0.1:5080")]
    [InlineData("Development", "http://0.0.0.0:5080")]
    public async Task A_demo_configured_outside_development_or_off_loopback_does_not_start(string environment, string urls)
    {
        await using var app = fixture.CreateApp(
            configuration =>
            {
                configuration["urls"] = urls;
                configuration["Demo:AdminConnectionString"] = "Host=127.0.0.1;Database=unused";
            },
            environment);

        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.NewBrowser());
        Assert.Contains("Demo mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_development_demo_on_loopback_it_signs_in_as_the_sample_tenants_admin_through_a_server_session()
    {
        var admin = await PostgresServer.GetAdminConnectionStringAsync();
        var sample = Directory.CreateTempSubdirectory("demo-sample-").FullName;
        await IdentityOps.Emulator.Synthetic.SyntheticTenantGenerator.Generate(IdentityOps.Emulator.Synthetic.SyntheticTenantSpec.Small).WriteSnapshotAsync(sample, CancellationToken.None);
        await using var app = fixture.CreateApp(
            configuration =>
            {
                foreach (var key in configuration.Keys.Where(k => k.StartsWith("AzureAd:", StringComparison.Ordinal) || k.StartsWith("TokenProtection:", StringComparison.Ordinal)).ToList())
                {
                    configuration.Remove(key);
                }

                configuration["urls"] = "http://127.0.0.1:5080";
                configuration["Demo:AdminConnectionString"] = admin;
                configuration["Demo:SampleTenantDirectory"] = sample;
            },
            "Development");
        using var browser = app.NewBrowser();
        var page = await (await browser.GetAsync(AccountEndpoints.SignInPath)).Content.ReadAsStringAsync();

        var signIn = await browser.PostFormAsync(DemoSignIn.Path, [new("__RequestVerificationToken", TestBrowser.AntiforgeryToken(page)!)]);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotNull(browser.Cookie(ServerSessionOptions.CookieName));
        var whoami = await browser.GetAsync(WebAuthApp.AdminPath);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);

        using var noToken = app.NewBrowser();
        Assert.Equal(HttpStatusCode.BadRequest, (await noToken.PostFormAsync(DemoSignIn.Path, [])).StatusCode);
    }
}
