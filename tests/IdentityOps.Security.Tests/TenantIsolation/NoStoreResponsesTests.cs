using System.Net;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// No cache between a tenant and the app (a proxy, a CDN, a shared browser) keeps a copy of a tenant's data:
/// every response the web app computes carries <c>Cache-Control: no-store</c>. The endpoints are read from the
/// web app's route table, so a new endpoint is covered without editing this test (the API: <see cref="ApiNoStoreTests"/>).
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class NoStoreResponsesTests(WebAuthFixture web) : IClassFixture<WebAuthFixture>
{
    [Fact]
    public async Task Every_endpoint_of_the_web_route_table_answers_with_no_store()
    {
        var tenant = await web.AddTenantAsync();
        var seeded = await SeedEvaluatedScanAsync(web.Database, tenant.Id);
        await using var app = web.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Method: e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } m ? m.HttpMethods[0] : "GET", Path: PathOf(e.RoutePattern, seeded)))
            .Distinct()
            .OrderBy(e => e.Path == "/account/sign-out") // signing out last keeps the session for the others
            .ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints in the route table");
        Assert.Contains(endpoints, e => e.Path == "/report/findings.csv");

        var missing = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            using var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?scan={seeded.ScanId}"));
            if (response.Headers.CacheControl is not { NoStore: true })
            {
                missing.Add($"{method} {path} → {(int)response.StatusCode} Cache-Control: {response.Headers.CacheControl}");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Theory]
    [InlineData("/report")]
    [InlineData("/report/findings.json")]
    [InlineData("/report/findings.csv")]
    [InlineData("/findings")]
    public async Task The_report_and_its_exports_carry_tenant_data_and_no_store(string path)
    {
        var tenant = await web.AddTenantAsync();
        var seeded = await SeedEvaluatedScanAsync(web.Database, tenant.Id);
        await using var app = web.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        using var response = await browser.GetAsync($"{path}?scan={seeded.ScanId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SeededName, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    internal const string SeededName = "No-store payroll";

    private static string PathOf(RoutePattern pattern, Seeded seeded)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart when pattern.PathSegments[0].Parts[0] is RoutePatternLiteralPart { Content: "apps" } => seeded.AppObjectId.ToString(),
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => seeded.FindingId.ToString(),
            _ => "new",
        })));
        return "/" + string.Join('/', segments);
    }

    internal static async Task<Seeded> SeedEvaluatedScanAsync(TenantDatabase database, Guid tenantId)
    {
        var seeded = new Seeded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var db = database.CreateApplicationContext(tenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var now = DateTimeOffset.UtcNow;
                db.Scans.Add(new Scan { TenantId = tenantId, Id = seeded.ScanId, RequestedBy = Guid.NewGuid(), RequestedAt = now, Status = ScanStatus.Succeeded, FinishedAt = now, TenantScore = 50 });
                db.Applications.Add(new ApplicationRecord { TenantId = tenantId, ScanId = seeded.ScanId, ObjectId = seeded.AppObjectId, AppId = Guid.NewGuid(), DisplayName = SeededName });
                db.Findings.Add(new Finding
                {
                    TenantId = tenantId, ScanId = seeded.ScanId, Id = seeded.FindingId, RuleId = "app-no-owners", Severity = "medium", Category = "applications", ObjectType = "application",
                    ObjectId = seeded.AppObjectId.ToString(), ObjectDisplayName = SeededName, Evidence = "{}", Explanation = "e", Remediation = "r", Score = 5,
                });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return seeded;
    }
}

/// <summary>An evaluated scan of one tenant with one application and one finding about it.</summary>
internal sealed record Seeded(Guid ScanId, Guid FindingId, Guid AppObjectId);
