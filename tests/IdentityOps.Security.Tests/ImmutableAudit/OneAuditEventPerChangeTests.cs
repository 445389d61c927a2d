using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Unsubscribe;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Security.Tests.ImmutableAudit;

/// <summary>
/// Every state-changing endpoint of the running web app (every non-GET route, every page handler
/// other than OnGet) writes exactly one audit event of its kind: a recipe below sends it a valid
/// request as the tenant's admin, and the tenant's trail (or the operator chain, where the change
/// removes the tenant's trail with it) grows by that one event. An endpoint without a recipe or an
/// exemption fails the test by name, so a new one cannot be forgotten.
/// </summary>
[Trait("Claim", TrustClaimIds.ImmutableAudit)]
public sealed partial class OneAuditEventPerChangeTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    /// <summary>State-changing in form only. Each entry says why it writes no audit event.</summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        // Ends this browser's sign-in (its own session row and token cache entry); no tenant setting, data or team changes.
        ["POST /account/sign-out"] = "sign-out",

        // Sign-in to the demo (refused unless demo sign-in is configured and the caller is on loopback): starts a session, changes no tenant state.
        ["POST /demo/sign-in"] = "demo sign-in",
    };

    private static readonly Dictionary<string, Recipe> Recipes = new(StringComparer.Ordinal)
    {
        ["POST /scans/start"] = new("scan.requested", c => c.PostAsync("/scans/start", [])),
        ["POST /settings?handler=Cancel"] = new("subscription.cancelled", c => c.PostAsync("/settings?handler=Cancel", [])),

        // A download changes no state, but it takes the tenant's data out: who exported, and when, is on the trail (issue 18, item 15).
        ["POST /settings?handler=Export"] = new("tenant.exported", c => c.PostAsync("/settings?handler=Export", [])),
        ["POST /subscription?handler=Restore"] = new(
            "subscription.restored",
            c => c.PostAsync("/subscription?handler=Restore", []),
            async c => Assert.Equal(HttpStatusCode.Redirect, (await c.PostAsync("/settings?handler=Cancel", [])).StatusCode)),
        ["POST /settings/alerts/{id}"] = new(
            "alerts.created",
            c => c.PostAsync("/settings/alerts/new", [new("Name", "Daily"), new("Enabled", "true"), new("Schedule", "daily"), new("Triggers", "new-critical-or-high"), new("SendHourUtc", "7"), new("Recipients", "secops@example.com")])),
        ["POST /settings/rules"] = new("rules.settings-changed", c => c.PostAsync("/settings/rules", [new("Accounts", "")])),
        ["POST /settings/webhooks/new"] = new(
            "webhook.created",
            c => c.PostAsync("/settings/webhooks/new", [new("url", "https://siem.example.com/hooks/identityops"), new("Description", "SIEM")])),
        ["POST /team?handler=Add"] = new(
            "team.member-set",
            c => c.PostAsync("/team?handler=Add", [new("userPrincipalName", "new.admin@contoso.example"), new("role", "Admin")]),
            c => c.AddScannedUserAsync("new.admin@contoso.example")),
        ["POST /team?handler=Remove"] = new(
            "team.member-removed",
            c => c.PostAsync("/team?handler=Remove", [new("userObjectId", c.Tenant.ReaderId.ToString())])),
        ["POST /settings/delete?handler=Request"] = new("tenant.deletion-requested", c => c.PostAsync("/settings/delete?handler=Request", [])),

        // Confirming marks the tenant due for the purge job (the web app holds no purge credential).
        ["POST /settings/delete?handler=Confirm"] = new(
            "tenant.deletion-confirmed",
            c => c.PostAsync("/settings/delete?handler=Confirm", [new("token", c.DeletionToken!)]),
            async c =>
            {
                var page = await (await c.PostAsync("/settings/delete?handler=Request", [])).Content.ReadAsStringAsync();
                c.DeletionToken = DeletionToken().Match(page).Groups["token"].Value;
                Assert.False(string.IsNullOrEmpty(c.DeletionToken), "the request step showed no confirmation token");
            }),

        // Authorised by the signed link in the alert mail, not by a sign-in or a form token.
        ["POST /alerts/unsubscribe"] = new(
            "alerts.unsubscribed",
            c => c.PostAsync($"/alerts/unsubscribe?token={Uri.EscapeDataString(c.UnsubscribeToken!)}", []),
            c => c.AddAlertAsync("secops@example.com")),
    };

    [Fact]
    public async Task Every_state_changing_web_endpoint_writes_exactly_one_audit_event_of_its_kind()
    {
        // An anchor key, as a deployment has it.
        await using var app = fixture.CreateApp(configure: c =>
        {
            c["Alerts:PublicBaseUrl"] = WebAuthFixture.AppOrigin;
            c["Alerts:FromAddress"] = "alerts@identityops.example";
            c.TryAdd($"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.SigningKeyFile)}", AnchorKeys.NewKeyFile());
        });
        var endpoints = await StateChangingEndpointsAsync(app.Services);

        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} state-changing endpoints found: the enumeration is broken");
        var missing = endpoints.Where(e => !Recipes.ContainsKey(e) && !Exempt.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"state-changing endpoints with no audit recipe and no exemption: {string.Join(", ", missing)}");
        var stale = Recipes.Keys.Concat(Exempt.Keys).Except(endpoints).ToList();
        Assert.True(stale.Count == 0, $"recipes or exemptions for endpoints that no longer exist: {string.Join(", ", stale)}");

        foreach (var (endpoint, recipe) in Recipes)
        {
            var context = await RecipeContext.SignInAsync(fixture, app);
            if (recipe.Arrange is not null)
            {
                await recipe.Arrange(context);
            }

            var before = await context.TrailAsync(recipe.OperatorChain);
            var response = await recipe.Send(context);
            Assert.True((int)response.StatusCode < 400, $"{endpoint}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var after = await context.TrailAsync(recipe.OperatorChain);

            var added = after.Skip(before.Count).ToList();
            Assert.True(after.Take(before.Count).SequenceEqual(before), $"{endpoint}: the trail's earlier events changed");
            Assert.True(added.SequenceEqual([recipe.Action]), $"{endpoint}: expected exactly [{recipe.Action}], the trail gained [{string.Join(", ", added)}]");
            context.Dispose();
        }
    }

    /// <summary>"METHOD /route" for every non-GET/HEAD endpoint, and "METHOD /page?handler=Name" for every page handler that is not a GET.</summary>
    private static async Task<List<string>> StateChangingEndpointsAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var found = new List<string>();
        var handlersSeen = new HashSet<MethodInfo>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor)
            {
                var page = await loader.LoadAsync(descriptor, endpoint.Metadata);
                foreach (var handler in page.HandlerMethods.Where(h => !IsRead(h.HttpMethod)))
                {
                    handlersSeen.Add(handler.MethodInfo);
                    var method = handler.HttpMethod.ToUpperInvariant();
                    found.Add(handler.Name is null ? $"{method} {route}" : $"{method} {route}?handler={handler.Name}");
                }

                continue;
            }

            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
            {
                found.AddRange(methods.HttpMethods.Where(m => !IsRead(m)).Select(m => $"{m} {route}"));
            }
        }

        // Reflection over the page models: a handler the endpoint enumeration did not reach (a page without a route) is named too.
        var unreached = typeof(AccountEndpoints).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => Regex.IsMatch(m.Name, "^On(Post|Put|Patch|Delete)"))
            .Where(m => !handlersSeen.Contains(m))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name} (no route)");
        found.AddRange(unreached);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    [GeneratedRegex("name=\"token\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex DeletionToken();

    private sealed record Recipe(string Action, Func<RecipeContext, Task<HttpResponseMessage>> Send, Func<RecipeContext, Task>? Arrange = null, bool OperatorChain = false);

    /// <summary>A fresh tenant, its admin signed in, a form token in hand.</summary>
    private sealed class RecipeContext(WebAuthFixture fixture, WebAuthApp app, TestTenant tenant, TestBrowser browser, string formToken) : IDisposable
    {
        public TestTenant Tenant => tenant;

        public string? DeletionToken { get; set; }

        public string? UnsubscribeToken { get; private set; }

        public static async Task<RecipeContext> SignInAsync(WebAuthFixture fixture, WebAuthApp app)
        {
            var tenant = await fixture.AddTenantAsync();
            await tenant.AddVerifiedDomainsAsync(fixture.Database, "example.com"); // alert recipients must be in verified domains (issue 18 item 5)
            var browser = app.NewBrowser();
            await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
            var form = await (await browser.GetAsync(WebAuthApp.FormPath)).Content.ReadAsStringAsync();
            return new RecipeContext(fixture, app, tenant, browser, TestBrowser.AntiforgeryToken(form)!);
        }

        public Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
            => browser.PostFormAsync(url, [new("__RequestVerificationToken", formToken), .. fields]);

        /// <summary>The actions of the tenant's trail, or of the operator chain's events about this tenant, in order.</summary>
        public async Task<List<string>> TrailAsync(bool operatorChain)
        {
            var rows = operatorChain
                ? await fixture.SuperuserRowsAsync("SELECT action FROM operator_audit_events WHERE target LIKE @t ORDER BY sequence", ("t", $"tenant:{tenant.Id:D}%"))
                : await fixture.SuperuserRowsAsync("SELECT action FROM audit_events WHERE tenant_id = @t ORDER BY sequence", ("t", tenant.Id));
            return rows.Select(r => (string)r[0]!).ToList();
        }

        public async Task AddScannedUserAsync(string userPrincipalName)
        {
            await using var db = fixture.Database.CreateApplicationContext(tenant.Id);
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    var scanId = Guid.NewGuid();
                    var now = DateTimeOffset.UtcNow;
                    db.Scans.Add(new Scan { TenantId = tenant.Id, Id = scanId, RequestedBy = tenant.AdminId, RequestedAt = now, Status = ScanStatus.Succeeded, FinishedAt = now });
                    db.Users.Add(new UserRecord { TenantId = tenant.Id, ScanId = scanId, ObjectId = Guid.NewGuid(), DisplayName = "New Admin", UserPrincipalName = userPrincipalName, AccountEnabled = true });
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        public async Task AddAlertAsync(string recipient)
        {
            var alertId = Guid.NewGuid();
            await using var db = fixture.Database.CreateApplicationContext(tenant.Id);
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    db.AlertConfigurations.Add(new AlertConfiguration { TenantId = tenant.Id, Id = alertId, Name = "Daily", Schedule = "daily", UpdatedAt = DateTimeOffset.UtcNow, Recipients = [recipient] });
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
            UnsubscribeToken = app.Services.GetRequiredService<UnsubscribeTokens>().Create(new UnsubscribeClaim(tenant.Id, alertId, recipient));
        }

        public void Dispose() => browser.Dispose();
    }
}
