using System.Net;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Web.Tests.Pages;

/// <summary>
/// The rule settings page is how an admin names the break-glass accounts the Conditional Access rules check:
/// only Admins change them, the change is audited, unknown users are refused, and the next evaluation uses it.
/// </summary>
public sealed class RuleSettingsPageTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private const string NotConfigured = "policy-break-glass-not-configured";
    private static readonly Guid FirstAccount = Guid.Parse("0000000a-0000-0000-0000-000000000b01");
    private static readonly Guid SecondAccount = Guid.Parse("0000000a-0000-0000-0000-000000000b02");

    [Fact]
    public async Task An_admin_names_accounts_by_upn_the_change_is_audited_and_the_next_evaluation_uses_it()
    {
        var tenant = await fixture.AddTenantAsync();
        var scanId = await SeedScanAsync(tenant.Id, tenant.AdminId);
        await using var app = fixture.CreateApp();
        Assert.Contains(NotConfigured, await EvaluateAsync(app, tenant.Id, scanId));
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var token = await FormTokenAsync(browser);

        var response = await browser.PostFormAsync("/settings/rules", [new("__RequestVerificationToken", token), new("Accounts", "BG1@contoso.onmicrosoft.com\n" + SecondAccount)]);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = await (await browser.GetAsync("/settings/rules")).Content.ReadAsStringAsync();
        Assert.Contains("bg1@contoso.onmicrosoft.com", page, StringComparison.Ordinal);
        Assert.Contains("bg2@contoso.onmicrosoft.com", page, StringComparison.Ordinal);
        await using (var db = fixture.Database.CreateApplicationContext(tenant.Id))
        {
            var audit = await db.InTenantTransactionAsync(ct => db.AuditEvents.Where(e => e.Action == "rules.settings-changed").ToListAsync(ct), CancellationToken.None);
            Assert.Equal($"user:{tenant.AdminId}", Assert.Single(audit).Actor);
        }

        Assert.DoesNotContain(NotConfigured, await EvaluateAsync(app, tenant.Id, scanId));
    }

    [Fact]
    public async Task An_unknown_user_is_refused_with_its_name_shown_as_text_and_nothing_is_stored()
    {
        var tenant = await fixture.AddTenantAsync();
        await SeedScanAsync(tenant.Id, tenant.AdminId);
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var token = await FormTokenAsync(browser);

        var response = await browser.PostFormAsync("/settings/rules", [new("__RequestVerificationToken", token), new("Accounts", "bg1@contoso.onmicrosoft.com\n<script>alert(1)</script>@evil\u202E")]);

        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {page}");
        Assert.Contains("No user", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;@evil", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.False(await AnySettingsAsync(tenant.Id));
    }

    [Fact]
    [Trait("Claim", "tenant-isolation")]
    public async Task A_reader_cannot_open_or_post_the_page_and_nothing_changes()
    {
        var tenant = await fixture.AddTenantAsync();
        await SeedScanAsync(tenant.Id, tenant.AdminId);
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.ReaderId, "Rita Reader");
        var token = TestBrowser.AntiforgeryToken(await (await browser.GetAsync("/scans")).Content.ReadAsStringAsync())!;

        AssertRefused(await browser.GetAsync("/settings/rules"));
        AssertRefused(await browser.PostFormAsync("/settings/rules", [new("__RequestVerificationToken", token), new("Accounts", "bg1@contoso.onmicrosoft.com\nbg2@contoso.onmicrosoft.com")]));

        Assert.False(await AnySettingsAsync(tenant.Id));
    }

    private static async Task<string> FormTokenAsync(TestBrowser browser)
    {
        // The test app's plain form: Razor's tag helper writes the hidden input in an order TestBrowser does not parse.
        var response = await browser.GetAsync(WebAuthApp.FormPath);
        var page = await response.Content.ReadAsStringAsync();
        return TestBrowser.AntiforgeryToken(page) ?? throw new InvalidOperationException($"No form token: {(int)response.StatusCode} {page}");
    }

    private async Task<bool> AnySettingsAsync(Guid tenantId)
    {
        await using var db = fixture.Database.CreateApplicationContext(tenantId);
        return await db.InTenantTransactionAsync(ct => db.RuleSettings.AnyAsync(ct), CancellationToken.None);
    }

    /// <summary>Evaluates as the worker does after a scan: its own connection, the app's rule engine.</summary>
    private async Task<List<string>> EvaluateAsync(WebAuthApp app, Guid tenantId, Guid scanId)
    {
        await using var db = fixture.Database.CreateApplicationContext(tenantId);
        await new EvaluateScanCommand(db, app.Services.GetRequiredService<RuleEngine>()).RunAsync(new EvaluateScanRequest(tenantId, scanId, DateTimeOffset.UtcNow), CancellationToken.None);
        return await db.InTenantTransactionAsync(ct => db.Findings.Where(f => f.ScanId == scanId).Select(f => f.RuleId).ToListAsync(ct), CancellationToken.None);
    }

    /// <summary>A finished scan that saw two enabled cloud accounts meant for emergency access.</summary>
    private async Task<Guid> SeedScanAsync(Guid tenantId, Guid requestedBy)
    {
        var scanId = Guid.NewGuid();
        await using var db = fixture.Database.CreateApplicationContext(tenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var now = DateTimeOffset.UtcNow;
                db.Scans.Add(new Scan { TenantId = tenantId, Id = scanId, RequestedBy = requestedBy, RequestedAt = now, Status = ScanStatus.Succeeded, FinishedAt = now, TenantScore = 50, CollectionCounts = """{"users":2}""" });
                db.Users.Add(new UserRecord { TenantId = tenantId, ScanId = scanId, ObjectId = FirstAccount, DisplayName = "Break glass 1", UserPrincipalName = "bg1@contoso.onmicrosoft.com", UserType = "Member", AccountEnabled = true });
                db.Users.Add(new UserRecord { TenantId = tenantId, ScanId = scanId, ObjectId = SecondAccount, DisplayName = "Break glass 2", UserPrincipalName = "bg2@contoso.onmicrosoft.com", UserType = "Member", AccountEnabled = true });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return scanId;
    }

    private static void AssertRefused(HttpResponseMessage response)
        => Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true),
            $"{(int)response.StatusCode} {response.Headers.Location}");
}
