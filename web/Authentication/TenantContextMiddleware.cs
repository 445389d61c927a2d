using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Tenancy;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// Sets the request's tenant once, from the session's <c>tid</c> (which came from a validated id
/// token at sign-in). No route value, query string or form field is ever read for it.
/// </summary>
internal sealed class TenantContextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.User.Identity.AuthenticationType == ServerSessionOptions.Scheme
            && Guid.TryParse(context.User.GetTenantId(), out var tenantId))
        {
            tenant.Set(tenantId);
        }

        return next(context);
    }
}
