using System.Net;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Web.Tests.Pages;

/// <summary>
/// Every page through the real sign-in: admins reach everything, readers (the CISO) read but cannot
/// scan, change settings or delete.
/// </summary>
public sealed class PageAuthorizationTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private static readonly string[] ReaderPages = ["/", "/scans", "/findings", "/compliance", "/subscription", "/trust"];
    private static readonly string[] AdminPages = ["/settings", "/settings/alerts/new", "/settings/delete", "/settings/rules", "/team"];

    [Fact]
    public async Task An_admin_reaches_every_page()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        foreach (var path in ReaderPages.Concat(AdminPages))
        {
            var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    [Trait("Claim", "tenant-isolation")]
    public async Task A_reader_reads_but_cannot_open_admin_pages_start_scans_change_settings_or_delete()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.ReaderId, "Rita Reader");

        foreach (var path in ReaderPages)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
        }

        var scans = await (await browser.GetAsync("/scans")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Start a scan", scans, StringComparison.Ordinal);
        var token = TestBrowser.AntiforgeryToken(scans)!;
        foreach (var path in AdminPages)
        {
            AssertRefused(await browser.GetAsync(path), path);
        }

        AssertRefused(await browser.PostFormAsync("/scans/start", [new("__RequestVerificationToken", token)]), "/scans/start");
        AssertRefused(await browser.PostFormAsync("/settings?handler=Cancel", [new("__RequestVerificationToken", token)]), "cancel");
        AssertRefused(await browser.PostFormAsync("/settings/delete?handler=Request", [new("__RequestVerificationToken", token)]), "delete");
        AssertRefused(await browser.PostFormAsync("/settings/alerts/new", [new("__RequestVerificationToken", token), new("Name", "x"), new("Schedule", "daily")]), "alerts");

        await using var db = fixture.Database.CreateApplicationContext(tenant.Id);
        Assert.False(await db.InTenantTransactionAsync(ct => db.Scans.AnyAsync(ct), CancellationToken.None));
        Assert.False(await db.InTenantTransactionAsync(ct => db.AlertConfigurations.AnyAsync(ct), CancellationToken.None));
        Assert.True(await db.InTenantTransactionAsync(ct => db.Tenants.AnyAsync(t => t.Status == Core.Tenancy.TenantStatus.Active, ct), CancellationToken.None));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var response = await browser.PostFormAsync("/scans/start", []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = fixture.Database.CreateApplicationContext(tenant.Id);
        Assert.False(await db.InTenantTransactionAsync(ct => db.Scans.AnyAsync(ct), CancellationToken.None));
    }

    [Fact]
    public async Task Hostile_display_names_are_shown_as_text()
    {
        var tenant = await fixture.AddTenantAsync();
        const string Hostile = "<script>alert(1)</script>{{ 7*7 }}=HYPERLINK(\"http://x\")\u202Egnp.exe";
        await using (var db = fixture.Database.CreateApplicationContext(tenant.Id))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    var scanId = Guid.NewGuid();
                    db.Scans.Add(new Scan { TenantId = tenant.Id, Id = scanId, RequestedBy = tenant.AdminId, RequestedAt = DateTimeOffset.UtcNow, Status = ScanStatus.Succeeded, FinishedAt = DateTimeOffset.UtcNow, TenantScore = 50 });
                    db.Findings.Add(new Finding { TenantId = tenant.Id, ScanId = scanId, Id = Guid.NewGuid(), RuleId = "app-no-owners", Severity = "medium", Category = "applications", ObjectType = "application", ObjectId = Guid.NewGuid().ToString(), ObjectDisplayName = Hostile, Evidence = "{}", Explanation = "e", Remediation = "r", Score = 5 });
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var page = await (await browser.GetAsync("/findings")).Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(page);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", text, StringComparison.Ordinal);
        Assert.Contains("[U+202E]", text, StringComparison.Ordinal);
    }

    private static void AssertRefused(HttpResponseMessage response, string what)
        => Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true),
            $"{what}: {(int)response.StatusCode} {response.Headers.Location}");
}
