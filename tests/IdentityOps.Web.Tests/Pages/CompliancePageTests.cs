using System.Net;
using System.Text.Json;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Pages;

/// <summary>
/// The compliance page and compliance.json read the tenant's stored scan through the report query: a control fails
/// with the finding behind it (its object's name shown as text), passes with the setting the scan observed, and
/// another tenant's scan id is answered as an unknown one.
/// </summary>
public sealed class CompliancePageTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private const string RuleId = "policy-users-can-register-apps";
    private const string Hostile = "<script>alert(1)</script>{{ 7*7 }}\u202Egnp.exe";

    /// <summary>The CIS control the rule maps today, read from the catalogue so a remapping does not break the page test.</summary>
    private static readonly string CisControl = new RuleCatalog().Find(RuleId)!.Definition.Frameworks.First(f => f.Framework == Frameworks.Cis).Control;

    [Fact]
    public async Task A_failed_control_shows_its_finding_as_text_and_a_passed_one_the_observed_setting()
    {
        var tenant = await fixture.AddTenantAsync();
        var failed = await SeedScanAsync(tenant.Id, tenant.AdminId, allowedToCreateApps: true, DateTimeOffset.UtcNow.AddHours(-2));
        var passed = await SeedScanAsync(tenant.Id, tenant.AdminId, allowedToCreateApps: false, DateTimeOffset.UtcNow.AddHours(-1));
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.ReaderId, "Rita Reader");

        var failing = await (await browser.GetAsync($"/compliance?scan={failed}&framework={Uri.EscapeDataString(Frameworks.Cis)}&status=fail")).Content.ReadAsStringAsync();
        Assert.Contains($"<code>{CisControl}</code>", failing, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}", failing, StringComparison.Ordinal);
        Assert.Contains("[U+202E]gnp.exe (authorizationPolicy authorizationPolicy)", WebUtility.HtmlDecode(failing), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", failing, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", WebUtility.HtmlDecode(failing), StringComparison.Ordinal);

        var latest = await (await browser.GetAsync("/compliance")).Content.ReadAsStringAsync();
        Assert.Contains($"<code>{CisControl}</code>", latest, StringComparison.Ordinal);
        Assert.Contains("authorizationPolicy: allowedToCreateApps = false", WebUtility.HtmlDecode(latest), StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await (await browser.GetAsync($"/report/compliance.json?scan={passed}")).Content.ReadAsStringAsync());
        var control = json.RootElement.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("framework").GetString() == Frameworks.Cis)
            .GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("control").GetString() == CisControl);
        Assert.Equal("pass", control.GetProperty("status").GetString());
    }

    [Fact]
    [Trait("Claim", "tenant-isolation")]
    public async Task Another_tenants_scan_is_answered_as_an_unknown_one()
    {
        var tenant = await fixture.AddTenantAsync();
        var other = await fixture.AddTenantAsync();
        var theirs = await SeedScanAsync(other.Id, other.AdminId, allowedToCreateApps: true, DateTimeOffset.UtcNow);
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/compliance?scan={theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/report/compliance.json?scan={theirs}")).StatusCode);
    }

    private async Task<Guid> SeedScanAsync(Guid tenantId, Guid adminId, bool allowedToCreateApps, DateTimeOffset at)
    {
        var scanId = Guid.NewGuid();
        await using var db = fixture.Database.CreateApplicationContext(tenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Scans.Add(new Scan { TenantId = tenantId, Id = scanId, RequestedBy = adminId, RequestedAt = at, Status = ScanStatus.Succeeded, FinishedAt = at, TenantScore = 80 });
                db.TenantPolicies.Add(new TenantPolicyRecord
                {
                    TenantId = tenantId, ScanId = scanId, Kind = "authorizationPolicy", PolicyId = "authorizationPolicy", DisplayName = Hostile,
                    Settings = JsonSerializer.Serialize(new { allowedToCreateApps }),
                });
                db.RuleOutcomes.Add(new RuleOutcomeRecord { TenantId = tenantId, ScanId = scanId, RuleId = RuleId, Evaluated = true, ObjectsEvaluated = 1, Findings = allowedToCreateApps ? 1 : 0 });
                if (allowedToCreateApps)
                {
                    db.Findings.Add(new Finding
                    {
                        TenantId = tenantId, ScanId = scanId, Id = Guid.NewGuid(), RuleId = RuleId, Severity = "Low", Category = "tenantPolicies", ObjectType = "authorizationPolicy",
                        ObjectId = "authorizationPolicy", ObjectDisplayName = Hostile, Evidence = "{\"allowedToCreateApps\":true}", Explanation = "e", Remediation = "r", Score = 3,
                    });
                }

                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return scanId;
    }
}
