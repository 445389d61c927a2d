using System.IO.Compression;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using IdentityOps.Testing.Identity;
using Microsoft.Playwright;

namespace IdentityOps.Web.Tests.Browser;

/// <summary>
/// The product in real Chromium: an Entra admin connects their tenant (admin consent, then sign-in
/// through the local Entra), scans it, explores findings and an application, opens and prints the
/// CISO report, exports, cancels and restores; sessions rotate and end. Each main page is
/// screenshotted and checked with axe-core (no serious or critical violation).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_admin_connects_scans_explores_reports_exports_cancels_and_restores()
    {
        var admin = Guid.NewGuid();
        var page = await app.NewPageAsync();

        // Onboarding: admin consent for the read-only scopes, then the sign-in that creates the tenant.
        app.Identity.Entra.SignInNext(app.Sample.TenantId, admin, "Ada Admin", [LocalEntra.GlobalAdministratorRoleTemplateId]);
        await page.GotoAsync(app.Url("/onboarding/consent"));
        await page.WaitForURLAsync(url => url.StartsWith(app.Origin.ToString(), StringComparison.Ordinal) && !url.Contains("/onboarding/", StringComparison.Ordinal));
        await ExpectHeadingAsync(page, "Dashboard");
        await CheckPageAsync(page, "dashboard-empty");

        // Start a scan: it runs in-process as the admin, through the emulator.
        await page.GotoAsync(app.Url("/scans"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a scan" }).ClickAsync();
        Assert.True(await FirstHeadingAsync(page) == "Scans", await page.InnerTextAsync("main"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scan queued");
        await WaitForScanAsync(page);
        await CheckPageAsync(page, "scans");

        await page.GotoAsync(app.Url("/"));
        await Assertions.Expect(page.GetByText("Tenant score")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("critical");
        await CheckPageAsync(page, "dashboard");

        // Findings: filter to critical, open one, then its application.
        await page.GotoAsync(app.Url("/findings"));
        var all = await page.Locator("tbody tr").CountAsync();
        await page.Locator("select[name=severity]").SelectOptionAsync("critical");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var critical = await page.Locator("tbody tr").CountAsync();
        Assert.InRange(critical, 1, all - 1);
        Assert.Equal(critical, await page.Locator("tbody tr td.sev-critical").CountAsync());
        await CheckPageAsync(page, "findings");

        await page.GotoAsync(app.Url("/findings?type=application"));
        await page.Locator("tbody tr td a[href^='/findings/']").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Why this is a risk" })).ToBeVisibleAsync();
        await CheckPageAsync(page, "finding");
        await page.GetByRole(AriaRole.Link, new() { Name = "Application detail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Credentials timeline" })).ToBeVisibleAsync();
        await CheckPageAsync(page, "application");

        // The CISO report, as the renderer writes it, printable to PDF.
        await page.GotoAsync(app.Url("/report"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("security posture");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ArtifactsDirectory, "report.png"), FullPage = true });
        var pdf = await page.PdfAsync(new() { Path = Path.Combine(BrowserApp.ArtifactsDirectory, "report.pdf") });
        Assert.True(pdf.Length > 10_000, "the printed report is empty");

        // Export everything: a zip with a manifest.
        await page.GotoAsync(app.Url("/settings"));
        await CheckPageAsync(page, "settings");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export all data" }).ClickAsync());
        var exported = Path.Combine(BrowserApp.ArtifactsDirectory, "export.zip");
        await download.SaveAsAsync(exported);
        using (var zip = ZipFile.OpenRead(exported))
        {
            Assert.Contains(zip.Entries, e => e.Name == "manifest.json");
            Assert.Contains(zip.Entries, e => e.Name == "findings.json");
        }

        // Cancel: access stops; the restore page brings everything back.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel subscription" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(page.Url.EndsWith("/subscription", StringComparison.Ordinal), $"{page.Url}: {await page.InnerTextAsync("body")}");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cancelled");
        await CheckPageAsync(page, "subscription-cancelled");
        await page.GotoAsync(app.Url("/findings"));
        Assert.NotEqual("Findings", await FirstHeadingAsync(page));
        await page.GotoAsync(app.Url("/subscription"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore the subscription and all data" }).ClickAsync();
        await ExpectHeadingAsync(page, "Dashboard");
        await Assertions.Expect(page.GetByText("Tenant score")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_trust_page_is_public_and_shows_live_evidence()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.Url("/trust"));
        await ExpectHeadingAsync(page, "Trust");
        await Assertions.Expect(page.GetByText("row-level security", new() { Exact = false }).First).ToBeVisibleAsync();
        await CheckPageAsync(page, "trust");
    }

    [Fact]
    public async Task The_session_id_rotates_after_15_minutes_the_old_one_is_refused_and_the_sign_in_ends_after_24_hours()
    {
        var admin = Guid.NewGuid();
        var page = await app.NewPageAsync();
        app.Identity.Entra.SignInNext(Guid.NewGuid(), admin, "Rotating Admin", [LocalEntra.GlobalAdministratorRoleTemplateId]); // a tenant of its own: the journey onboards the sample tenant
        await page.GotoAsync(app.Url("/onboarding/consent"));
        await ExpectHeadingAsync(page, "Dashboard");
        var first = await SessionCookieAsync(page);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await page.GotoAsync(app.Url("/"));
        await ExpectHeadingAsync(page, "Dashboard");
        var second = await SessionCookieAsync(page);
        Assert.NotEqual(first.Value, second.Value);

        // The old id, replayed from another browser after the grace period, is not a session.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var replay = await app.NewPageAsync();
        await replay.Context.AddCookiesAsync([new Cookie { Name = first.Name, Value = first.Value, Url = app.Origin.ToString(), Secure = true, HttpOnly = true }]);
        await AssertSignInRequiredAsync(replay);
        await AssertSignedInAsync(page);

        // 24 hours after sign-in, activity or not, the session is over.
        for (var i = 0; i < 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromHours(4));
            await AssertSignedInAsync(page);
        }

        app.Clock.Advance(TimeSpan.FromHours(4));
        await AssertSignInRequiredAsync(page);
    }

    /// <summary>The browser's cookies get the dashboard (rotating the id if due).</summary>
    private async Task AssertSignedInAsync(IPage page)
    {
        await page.GotoAsync(app.Url("/"));
        await ExpectHeadingAsync(page, "Dashboard");
    }

    /// <summary>With the browser's cookies, the app answers the dashboard with a sign-in challenge, not the page.</summary>
    private async Task AssertSignInRequiredAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync(app.Url("/"), new() { MaxRedirects = 0 });
        Assert.Equal(302, response.Status);
        var location = response.Headers["location"];
        Assert.True(location.Contains("/oauth2/v2.0/authorize", StringComparison.Ordinal) || location.Contains("/account/sign-in", StringComparison.Ordinal), location);
    }

    private static async Task<BrowserContextCookiesResult> SessionCookieAsync(IPage page)
        => (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-identityops-session");

    private static async Task<string?> FirstHeadingAsync(IPage page)
        => await page.Locator("h1").CountAsync() > 0 ? await page.Locator("h1").First.TextContentAsync() : null;

    private static Task ExpectHeadingAsync(IPage page, string heading)
        => Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync(heading);

    private static async Task WaitForScanAsync(IPage page)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await page.GotoAsync("/scans");
            var status = await page.Locator("tbody tr td:nth-child(2)").First.TextContentAsync();
            if (status is "Succeeded")
            {
                return;
            }

            Assert.NotEqual("Failed", status);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Fail("The scan did not finish within two minutes.");
    }

    /// <summary>A screenshot for the artifacts, and axe-core: no serious or critical accessibility violation.</summary>
    private static async Task CheckPageAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ArtifactsDirectory, $"{name}.png"), FullPage = true });
        var results = await page.RunAxe();
        var blocking = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(blocking.Count == 0, $"{name}: {string.Join("; ", blocking)}");
    }
}
