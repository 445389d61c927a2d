using System.Reflection;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Web.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Web.Tests.Security;

/// <summary>
/// Every route of the running web app (pages and endpoint maps), every value a page binds, and every
/// handler parameter that does not come from the container: none carries a tenant id.
/// </summary>
[Trait("Claim", TrustClaimIds.NoTenantIdInput)]
public sealed class WebInputSurfaceTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    public async Task No_route_bound_property_or_handler_parameter_of_the_web_app_carries_a_tenant_id()
    {
        await using var app = fixture.CreateApp();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var inputs = Inspect(endpoints, typeof(Program).Assembly, app.Services.GetRequiredService<IServiceProviderIsService>());

        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");
        Assert.Empty(inputs);
    }

    [Fact]
    public void A_page_that_binds_a_tenant_id_is_named()
    {
        var inputs = Inspect([], typeof(WebInputSurfaceTests).Assembly, services: null);

        Assert.Contains("LeakyPageModel.TenantId (bound property)", inputs);
        Assert.Contains("LeakyPageModel.OnGetAsync(tenant)", inputs);
    }

    private static List<string> Inspect(IEnumerable<RouteEndpoint> endpoints, Assembly pages, IServiceProviderIsService? services)
    {
        var inputs = new List<string>();
        foreach (var endpoint in endpoints)
        {
            inputs.AddRange(endpoint.RoutePattern.Parameters.Where(p => TenantInputSurface.NamesTenant(p.Name)).Select(p => $"route {endpoint.RoutePattern.RawText}"));
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
            {
                inputs.AddRange(RequestParameters(handler, services).Select(p => $"{handler.DeclaringType?.Name}.{handler.Name}({p.Name})"));
            }
        }

        foreach (var model in pages.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t)))
        {
            inputs.AddRange(model.GetProperties()
                .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null || p.GetCustomAttributes().Any(a => a is IBindingSourceMetadata))
                .Where(p => TenantInputSurface.NamesTenant(p.Name) || TenantInputSurface.NamesTenant(p.GetCustomAttribute<BindPropertyAttribute>()?.Name))
                .Select(p => $"{model.Name}.{p.Name} (bound property)"));
            inputs.AddRange(model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("On", StringComparison.Ordinal))
                .SelectMany(m => RequestParameters(m, services).Select(p => $"{model.Name}.{m.Name}({p.Name})")));
        }

        return inputs;
    }

    /// <summary>
    /// Parameters a request can fill (not services, not the cancellation token) that name a tenant,
    /// themselves or through a member of a form or body model (a type of the web app, or one marked
    /// [FromForm]/[FromBody]).
    /// </summary>
    private static IEnumerable<ParameterInfo> RequestParameters(MethodInfo method, IServiceProviderIsService? services)
        => method.GetParameters().Where(p =>
            p.ParameterType != typeof(CancellationToken)
            && p.GetCustomAttribute<FromServicesAttribute>() is null
            && services?.IsService(p.ParameterType) != true
            && (TenantInputSurface.NamesTenant(p.Name)
                || (IsModel(p) && p.ParameterType.GetProperties().Any(property => TenantInputSurface.NamesTenant(property.Name)))));

    private static bool IsModel(ParameterInfo parameter)
        => parameter.ParameterType.Assembly == typeof(Program).Assembly
           || parameter.GetCustomAttribute<FromFormAttribute>() is not null
           || parameter.GetCustomAttribute<FromBodyAttribute>() is not null;
}

/// <summary>What the inspection must catch.</summary>
internal sealed class LeakyPageModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid TenantId { get; set; }

    public Task OnGetAsync(Guid tenant) => Task.FromResult(TenantId == tenant);
}
