// TEMPORARY stand-in until the web sign-in branch lands (it replaces this file).
namespace IdentityOps.Web.Extensions;

internal static class AuthenticationExtensions
{
    public static void AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Authentication.WebPolicies.TenantReader, p => p.RequireAuthenticatedUser())
            .AddPolicy(Authentication.WebPolicies.TenantAdmin, p => p.RequireAuthenticatedUser());
    }

    public static void UseWebSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }
}
