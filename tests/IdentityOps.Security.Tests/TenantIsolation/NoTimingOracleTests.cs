using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// No timing oracle for another tenant's ids, shown structurally rather than with a stopwatch: for
/// every id-taking route of the running app, a foreign existing id and an unknown id make the app send
/// the same statements (same SQL, parameters differing only in the id), PostgreSQL returns the same
/// number of rows for each (zero where the id is a parameter), and the answers are byte-identical once
/// request-specific tokens are normalised. The work done, and so the time taken, cannot depend on
/// whether the id exists in another tenant, because nothing the app does with it differs; what is left
/// is noise. A wall-clock comparison is not added: on a shared two-core machine with other builds
/// running, any threshold tight enough to mean something would flake, and one loose enough not to
/// flake would prove nothing the structural check does not already prove.
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed partial class NoTimingOracleTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    /// <summary>Which of the other tenant's ids each id slot takes ("route|name"). A slot missing here fails the test with its name.</summary>
    private static readonly Dictionary<string, string> Recipes = new(StringComparer.Ordinal)
    {
        ["/findings/{id:guid}|id"] = "finding",
        ["/apps/{id:guid}|id"] = "application",
        ["/settings/alerts/{id}|id"] = "alert",
        ["/findings|scan"] = "scan",
        ["/report/|scan"] = "scan",
        ["/report/findings.json|scan"] = "scan",
        ["/report/findings.csv|scan"] = "scan",
        ["/report/compliance.json|scan"] = "scan",
        ["/compliance|scan"] = "scan",
    };

    [Fact]
    public async Task Every_id_taking_route_does_the_same_work_and_answers_the_same_for_a_foreign_id_as_for_an_unknown_one()
    {
        var tenant = await fixture.AddTenantAsync();
        var foreign = await ForeignIdsAsync();
        using var recorder = new SqlRecorder(fixture.Database.Provisioned.DatabaseName);
        await using var app = fixture.CreateApp(services: services => services.ConfigureDbContext<IdentityOpsDbContext>(options => options.AddInterceptors(recorder)));
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var slots = await IdSlotsAsync(app.Services);
        Assert.True(slots.Count >= Recipes.Count, $"only {slots.Count} id slots found: the enumeration is broken");
        var missing = slots.Select(s => s.Key).Where(k => !Recipes.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"id-taking routes without a recipe (say which other-tenant id they take): {string.Join(", ", missing)}");
        var stale = Recipes.Keys.Except(slots.Select(s => s.Key)).ToList();
        Assert.True(stale.Count == 0, $"recipes for routes that no longer take an id: {string.Join(", ", stale)}");

        foreach (var slot in slots)
        {
            var foreignId = foreign[Recipes[slot.Key]];
            var unknownId = Guid.NewGuid();
            var (a, aStatements) = await recorder.RecordAsync(() => ReadAsync(browser, slot.Url(foreignId)));
            var (b, bStatements) = await recorder.RecordAsync(() => ReadAsync(browser, slot.Url(unknownId)));

            Assert.True(aStatements.Count > 0, $"{slot.Key}: no statement recorded (is the recorder wired?)");
            Assert.True(a.Status == b.Status, $"{slot.Key}: {a.Status} for a foreign id, {b.Status} for an unknown one");
            Assert.True(a.Status is HttpStatusCode.NotFound, $"{slot.Key}: {a.Status} for a foreign id");
            Assert.Equal(Normalise(b.Body, unknownId), Normalise(a.Body, foreignId));
            Assert.Equal(bStatements.Select(s => s.Sql), aStatements.Select(s => s.Sql));
            Assert.Equal(bStatements.Select(s => Normalise(s.Parameters, unknownId)), aStatements.Select(s => Normalise(s.Parameters, foreignId)));
            Assert.Equal(bStatements.Select(s => s.Rows), aStatements.Select(s => s.Rows));
            Assert.All(aStatements.Where(s => s.Parameters.Any(p => p.Contains(foreignId.ToString(), StringComparison.OrdinalIgnoreCase))), s => Assert.True(s.Rows == 0, $"{slot.Key}: {s.Rows} rows for a foreign id from {s.Sql}"));
        }
    }

    private async Task<Dictionary<string, Guid>> ForeignIdsAsync()
    {
        var other = Guid.NewGuid();
        var scan = await TenantDataSeeder.SeedAsync(fixture.Database, other, "other");
        await using var db = fixture.Database.CreateApplicationContext(other);
        return await db.InTenantTransactionAsync(
            async ct => new Dictionary<string, Guid>(StringComparer.Ordinal)
            {
                ["scan"] = scan,
                ["finding"] = await db.Findings.Select(f => f.Id).SingleAsync(ct),
                ["application"] = await db.Applications.Select(a => a.ObjectId).SingleAsync(ct),
                ["alert"] = await db.AlertConfigurations.Select(a => a.Id).SingleAsync(ct),
            },
            CancellationToken.None);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadAsync(TestBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Normalise(string body, Guid id)
        => RequestToken().Replace(body, "${name}=\"…\"").Replace(id.ToString(), "{id}", StringComparison.OrdinalIgnoreCase);

    private static string Normalise(IReadOnlyList<string> parameters, Guid id)
        => string.Join(", ", parameters).Replace(id.ToString(), "{id}", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every GET route's id inputs, from the running app: route parameters, and Guid values a handler
    /// or a page binds from the query (minimal API parameters, page handler parameters, SupportsGet properties).
    /// </summary>
    internal static async Task<List<IdSlot>> IdSlotsAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var isService = services.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceProviderIsService>();
        var slots = new List<IdSlot>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(HttpMethods.Get))
            {
                continue;
            }

            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var names = endpoint.RoutePattern.Parameters.Where(p => p.Name != "handler").Select(p => (Name: p.Name, InRoute: true)).ToList();
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
            {
                names.AddRange(QueryGuids(handler, isService).Select(n => (n, false)));
            }

            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } descriptor)
            {
                var page = await loader.LoadAsync(descriptor, endpoint.Metadata);
                names.AddRange(page.HandlerMethods.Where(h => h.HttpMethod == HttpMethods.Get).SelectMany(h => QueryGuids(h.MethodInfo, isService)).Select(n => (n, false)));
                names.AddRange(page.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                    .Where(p => IsGuid(p.ParameterType) && p.Property.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true })
                    .Select(p => (p.BindingInfo?.BinderModelName ?? p.Name.ToLowerInvariant(), false)));
            }

            slots.AddRange(names.DistinctBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                .Where(n => n.InRoute || !endpoint.RoutePattern.Parameters.Any(p => string.Equals(p.Name, n.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(n => new IdSlot(route, n.Name, n.InRoute)));
        }

        return slots.DistinctBy(s => s.Key).ToList();
    }

    private static IEnumerable<string> QueryGuids(MethodInfo method, Microsoft.Extensions.DependencyInjection.IServiceProviderIsService services)
        => method.GetParameters()
            .Where(p => IsGuid(p.ParameterType) && p.GetCustomAttribute<FromServicesAttribute>() is null && p.GetCustomAttribute<FromFormAttribute>() is null && !services.IsService(p.ParameterType))
            .Select(p => p.Name!);

    private static bool IsGuid(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid);

    /// <summary>Tokens that differ on every response by design: antiforgery tokens and CSP nonces.</summary>
    [GeneratedRegex("(?<name>name=\"__RequestVerificationToken\" value|nonce)=\"[^\"]*\"")]
    private static partial Regex RequestToken();

    internal sealed record IdSlot(string Route, string Name, bool InRoute)
    {
        public string Key => $"{Route}|{Name}";

        public string Url(Guid id)
            => InRoute
                ? Regex.Replace(Route, $@"\{{{Regex.Escape(Name)}(:[^}}]*)?\}}", id.ToString())
                : $"{Route}?{Name}={id}";
    }
}
