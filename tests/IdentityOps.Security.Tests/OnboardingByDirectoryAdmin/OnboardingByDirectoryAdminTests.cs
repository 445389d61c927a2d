using System.Net;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using IdentityOps.Testing.Identity;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Security.Tests.OnboardingByDirectoryAdmin;

/// <summary>
/// Only a holder of a directory role that can grant the admin consent creates a tenant's record and
/// becomes its first Admin; the sign-in must be into the tenant that consented. Everyone else — an
/// ordinary member of a tenant whose consent was granted earlier (after "delete now", the day-30 purge,
/// or an admin who never signed in) — is refused with nothing created: no tenant row, no team member,
/// no stored token, no audit event, no session.
/// </summary>
public sealed class OnboardingByDirectoryAdminTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private static readonly Guid GlobalReader = new("f2ef992c-3afb-46b9-b7cf-a126ee74c451");
    private static readonly Guid SecurityAdministrator = new("194ae4cb-b126-40b2-bd5b-6091b380977d");

    public static TheoryData<string> RolesThatCanGrantConsent()
        => [.. ConsentGrantingRoles.All.Select(r => r.ToString("D"))];

    public static TheoryData<string> RolesThatCannot()
        => [ConsentGrantingRoles.User.ToString("D"), $"{ConsentGrantingRoles.User:D},{GlobalReader:D},{SecurityAdministrator:D}", string.Empty];

    [Theory]
    [MemberData(nameof(RolesThatCannot))]
    public async Task A_member_without_a_consent_granting_role_is_refused_and_nothing_is_created(string roles)
    {
        var tenantId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var page = await ConnectAsync(browser, tenantId, Roles(roles));

        Assert.Equal(OnboardingEndpoints.AdminRequiredPath, page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Only a directory administrator can connect IdentityOps", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingCreatedAsync(browser, tenantId);
    }

    [Theory]
    [MemberData(nameof(RolesThatCanGrantConsent))]
    public async Task A_holder_of_a_consent_granting_role_connects_the_tenant_and_becomes_its_first_admin(string role)
    {
        var tenantId = Guid.NewGuid();
        var adminId = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var home = await ConnectAsync(browser, tenantId, [ConsentGrantingRoles.User, Guid.Parse(role)], adminId);

        Assert.True(home.StatusCode == HttpStatusCode.OK, $"{home.StatusCode} at {home.RequestMessage!.RequestUri}");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.AdminPath)).StatusCode);
        var member = Assert.Single(await fixture.SuperuserRowsAsync("SELECT user_object_id, role FROM team_members WHERE tenant_id = @t", ("t", tenantId)));
        Assert.Equal(adminId, member[0]);
        Assert.Equal("Admin", member[1]);
    }

    [Fact]
    public async Task A_global_administrator_signing_into_another_tenant_than_the_one_that_consented_is_refused()
    {
        var consented = Guid.NewGuid();
        var signedIn = Guid.NewGuid();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var page = await ConnectAsync(
            browser,
            signedIn,
            [LocalEntra.GlobalAdministratorRoleTemplateId],
            tamperCallback: callback => callback.Replace($"tenant={signedIn:D}", $"tenant={consented:D}", StringComparison.Ordinal));

        Assert.Equal(OnboardingEndpoints.TenantMismatchPath, page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("different organisations", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingCreatedAsync(browser, signedIn);
        await AssertNothingCreatedAsync(browser, consented);
    }

    /// <summary>Admin consent through the local Entra (which grants it), then the sign-in that follows, as the given user.</summary>
    private async Task<HttpResponseMessage> ConnectAsync(TestBrowser browser, Guid tenantId, IEnumerable<Guid> roles, Guid? userId = null, Func<string, string>? tamperCallback = null)
    {
        fixture.Entra.SignInNext(tenantId, userId ?? Guid.NewGuid(), "Someone", roles);
        var toEntra = await browser.GetAsync(OnboardingEndpoints.ConsentPath);
        var callback = (await browser.GetAsync(toEntra.Headers.Location!.AbsoluteUri)).Headers.Location!.AbsoluteUri;
        Assert.Contains("admin_consent=True", callback, StringComparison.Ordinal);
        return await browser.NavigateAsync(tamperCallback?.Invoke(callback) ?? callback);
    }

    private async Task AssertNothingCreatedAsync(TestBrowser browser, Guid tenantId)
    {
        Assert.Null(browser.Cookie(ServerSessionOptions.CookieName));
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync(WebAuthApp.WhoAmIPath)).StatusCode);
        foreach (var table in new[] { "tenants", "team_members", "token_cache_entries", "audit_events" })
        {
            var column = table == "tenants" ? "id" : "tenant_id";
            Assert.Empty(await fixture.SuperuserRowsAsync($"SELECT 1 FROM {table} WHERE {column} = @t", ("t", tenantId)));
        }
    }

    private static Guid[] Roles(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToArray();
}
