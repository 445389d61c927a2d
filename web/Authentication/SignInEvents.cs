using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using IdentityOps.Core.Tenancy;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// What happens between Entra's answer and the session: the id token is validated by the OpenID
/// Connect handler (signature, audience, per-tenant issuer, nonce); then, and only then, its
/// <c>tid</c> becomes the request's tenant, a first sign-in after consent onboards the tenant, and
/// the admin's delegated tokens (redeemed earlier in the callback, held back until now) are written
/// to the encrypted cache. A tenant that never connected gets no session and no stored tokens.
/// </summary>
internal static partial class SignInEvents
{
    private const string DeferredWritesItem = "identityops.deferred-token-writes";

    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.GetTenantId(), out var tenantId) || !Guid.TryParse(principal.GetObjectId(), out var objectId))
        {
            context.Fail("The id token has no tenant or object id.");
            return;
        }

        services.GetRequiredService<TenantContext>().Set(tenantId);
        var onboarding = services.GetRequiredService<OnboardTenantCommand>();
        var cancellationToken = context.HttpContext.RequestAborted;
        if (context.Properties?.Items.TryGetValue(OnboardingEndpoints.ConsentGrantedItem, out var consent) == true && consent == "granted")
        {
            var outcome = await onboarding.OnboardAsync(new OnboardTenantRequest(tenantId, objectId, principal.FindFirst(ClaimConstants.Name)?.Value ?? principal.GetDisplayName() ?? string.Empty), cancellationToken);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEvents));
            LogOnboarding(logger, tenantId, outcome);
        }
        else if (!await onboarding.IsOnboardedAsync(tenantId, cancellationToken))
        {
            context.HandleResponse();
            context.Response.Redirect(OnboardingEndpoints.NotConnectedPath);
            return;
        }

        if (context.HttpContext.Items[DeferredWritesItem] is DeferredTokenCacheWrites writes)
        {
            await services.GetRequiredService<PostgresTokenCacheProvider>().FlushAsync(writes, tenantId, cancellationToken);
        }
    }

    /// <summary>
    /// On the OpenID Connect callback, holds the token cache writes of the code redemption until
    /// <see cref="OnTokenValidatedAsync"/> (see <see cref="DeferredTokenCacheWrites"/>); whatever was
    /// not written by then is dropped with the request.
    /// </summary>
    public static IApplicationBuilder UseDeferredTokenCacheWrites(this IApplicationBuilder app)
        => app.Use(async (context, next) =>
        {
            var oidc = context.RequestServices.GetService<IOptionsMonitor<OpenIdConnectOptions>>()?.Get(OpenIdConnectDefaults.AuthenticationScheme);
            if (oidc is null || !context.Request.Path.Equals(oidc.CallbackPath, StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            using var writes = DeferredTokenCacheWrites.Begin();
            context.Items[DeferredWritesItem] = writes;
            await next(context);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in after admin consent for tenant {TenantId}: {Outcome}")]
    private static partial void LogOnboarding(ILogger logger, Guid tenantId, OnboardTenantOutcome outcome);
}
